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

/**
 * A JSON value: what jsonb stores and the chain hashes, so the two cannot disagree. Dates, functions,
 * NaN, bigint, Maps and class instances are refused; an undefined property is left out, as JSON does.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue.optional())], {
    error: (issue) => notJson(issue.input, "a JSON value"),
  }),
);

export const auditDetails = z.record(z.string(), jsonValue.optional(), { error: (issue) => notJson(issue.input, "a JSON object") });
export type AuditDetails = z.infer<typeof auditDetails>;

function notJson(value: unknown, expected: string): string {
  if (value instanceof Date) return `a Date is not ${expected} (pass date.toISOString())`;
  const what =
    typeof value === "number" || value === undefined || value === null ? String(value) : typeof value === "object" ? `a ${value.constructor?.name ?? "object"}` : `a ${typeof value}`;
  return `${what} is not ${expected}`;
}

/** Parses audit details at runtime too, for callers that got around the type (casts, any). */
export function parseAuditDetails(details: unknown): AuditDetails {
  const parsed = auditDetails.safeParse(details);
  if (parsed.success) return parsed.data;
  const { path, message } = innermostIssue(parsed.error.issues);
  throw new TypeError(`audit details must be JSON: ${["details", ...path.map(String)].join(".")}: ${message}`);
}

// A union reports every branch; the branch that got past its type check (array or object) knows
// where inside the value it went wrong.
function innermostIssue(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string } {
  const issue = issues[0];
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union") {
    const deeper = issue.errors.find((branch) => branch.some((i) => i.code !== "invalid_type" || i.path.length > 0));
    if (deeper) return innermostIssue(deeper, path);
  }
  return { path, message: issue.message };
}

export const auditEventDto = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  /** The acting user's display name; null for the system and users that no longer exist: show actorName. */
  actorDisplayName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** The target as people know it ("Change #12 · …", a display name); null when it no longer resolves: show targetId. */
  targetLabel: z.string().nullable(),
  /** The target's page, when it has one. */
  targetHref: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  details: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventDto = z.infer<typeof auditEventDto>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
export const listAuditResponse = z.object({ events: z.array(auditEventDto), nextBefore: z.number().nullable() });
export const verifyAuditResponse = z.object({
  ok: z.boolean(),
  checked: z.number(),
  legacy: z.number(),
  problems: z.array(z.object({ seq: z.number(), kind: z.string(), message: z.string() })),
  warnings: z.array(z.string()),
  // Where checkpoints are kept is not in the answer: a server path tells a caller nothing it may use.
  checkpoint: z.object({ seq: z.number(), at: z.string(), keyId: z.string(), count: z.number().nullable().describe("Rows the checkpoint counted up to seq; null for v1 checkpoints") }).nullable(),
  verifiedAt: z.string(),
});

/** One audit row to append (lib/audit/append-event.ts), or to spool while the database is dark (spool.ts). */
export type AuditInput = {
  actor: { id: string | null; name: string };
  action: string; // e.g. "change.approved", "scenario.changed", "auth.sign-in"
  target: { type: string; id?: string | null };
  outcome?: "success" | "failure" | "denied";
  reason?: string | null;
  details?: AuditDetails;
  requestId?: string | null;
};
