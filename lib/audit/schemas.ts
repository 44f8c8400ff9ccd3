import { z } from "zod";
import { queryDate, queryInt } from "@/lib/http/query-schemas";

export const listAuditQuery = z
  .object({
    action: z.string().max(100).optional().describe("Exact action, or a prefix ending in '.' (e.g. 'change.')"),
    actor: z.string().max(100).optional(),
    targetType: z.string().max(50).optional(),
    targetId: z.string().max(100).optional(),
    outcome: z.enum(["success", "failure", "denied"]).optional(),
    from: queryDate().optional(),
    to: queryDate().optional(),
    before: queryInt(1).optional().describe("Cursor: return rows with seq below this"),
    limit: queryInt(1, 500).default(100),
  })
  .strict();
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export const auditEventDto = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  details: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventDto = z.infer<typeof auditEventDto>;
