import { z } from "zod";
import { freshnessSchema } from "@/lib/snapshots/schemas";

const serviceId = z.string().min(1).max(100);
const region = z.string().min(1).max(64);

/**
 * An admin records where services are active: a failover done outside Meridian (manual), or what the
 * evidence says (detected: the difference must still be there, and it starts when first seen).
 */
export const recordTopologyBody = z
  .object({
    services: z.array(serviceId).min(1).max(200).describe("Services that moved together (e.g. a runbook's services)"),
    activeRegion: region.describe("The region now active for them; their other active regions become dormant"),
    cause: z.enum(["manual", "detected"]).default("manual"),
    effectiveAt: z.iso.datetime({ offset: true }).optional().describe("manual: when the failover happened (default now); not before the services' last recorded change, not in the future"),
    reason: z.string().trim().max(2000).optional().describe("Required (10+ characters) for a manual record; a detected one says what the evidence showed"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.cause === "manual" && (b.reason ?? "").length < 10) ctx.addIssue({ code: "custom", path: ["reason"], message: "say what happened and who did it: at least 10 characters" });
    if (b.cause === "detected" && b.effectiveAt) ctx.addIssue({ code: "custom", path: ["effectiveAt"], message: "a detected change starts when the evidence first showed it" });
  });
export type RecordTopologyBody = z.infer<typeof recordTopologyBody>;

export const topologyServiceParams = z.object({ service: serviceId }).strict();

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const roleMap = z.record(z.string(), z.enum(["active", "dormant", "active-active"]));
const period = z.object({ from: z.string(), to: z.string().nullable(), roles: roleMap, activeRegion: z.string().nullable(), cause: z.string(), failoverRunId: z.string().nullable(), actor: z.string().nullable(), reason: z.string().nullable() });
export const roleHistoryResponse = z.object({ service: serviceId, periods: z.array(period) });
// Drift and evidence entries are checked by their key fields (their detail depends on the source kind).
export const topologyViewResponse = z.object({
  regions: z.array(z.string()),
  services: z.array(z.object({ service: z.string(), name: z.string(), system: z.string(), roles: roleMap, activeRegion: z.string().nullable(), since: z.string().nullable(), cause: z.string().nullable(), failoverRunId: z.string().nullable(), actor: z.string().nullable(), reason: z.string().nullable() })),
  changes: z.array(period.extend({ service: z.string() })),
  drift: z.array(z.looseObject({ runbook: z.string(), observedActive: z.string(), services: z.array(z.looseObject({ service: z.string() })), evidence: z.array(z.looseObject({ kind: z.string(), detail: z.string() })), observedAt: z.string() })),
  inFlight: z.array(z.string()),
  evidenceErrors: z.array(z.looseObject({})),
  evidenceAt: z.string().nullable(),
  freshness: freshnessSchema,
});
export const recordTopologyResponse = z.object({ changes: z.array(z.object({ service: z.string(), from: roleMap, to: roleMap, at: z.string() })) });
