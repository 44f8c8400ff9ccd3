import { z } from "zod";
import { queryInt } from "@/lib/http/query-schemas";
import { MIN_BREAK_GLASS_REASON } from "./policy";

/** interrupted: its runner died mid-run; a person decides on the rollback (rolling-back → rolled-back | rollback-failed). */
export const FAILOVER_STATES = ["requested", "approved", "running", "succeeded", "failed", "aborted", "interrupted", "rolling-back", "rolled-back", "rollback-failed"] as const;
export type FailoverState = (typeof FAILOVER_STATES)[number];
export const FAILOVER_MODES = ["failover", "drill"] as const;

const id = z.string().min(1).max(64);
const region = z.string().min(1).max(64);
const reasonText = (min: number, what: string) => z.string().trim().min(min, `${what}: at least ${min} characters`).max(2000);

export const failoverIdParams = z.object({ id }).strict();

export const DRILL_KIND_VALUES = ["round-trip", "target"] as const;
const drillKind = z
  .enum(DRILL_KIND_VALUES)
  .describe("Drills: round-trip (the runbook, then its fail-back, approved together) or target (against the runbook's drill target). Default: target when the runbook declares one");

const onlyForDrills = (b: { mode: string; drillKind?: string }, ctx: z.RefinementCtx) => {
  if (b.drillKind && b.mode !== "drill") ctx.addIssue({ code: "custom", path: ["drillKind"], message: "drillKind is for drills (mode: drill)" });
};

export const requestFailoverBody = z
  .object({
    service: z.string().min(1).max(100).describe("The service whose runbook runs (config runbooks[].service)"),
    to: region.describe("Target region"),
    mode: z.enum(FAILOVER_MODES).default("failover"),
    drillKind: drillKind.optional(),
    reason: z.string().trim().max(2000).optional(),
    /** A written override of a not-ready precheck, recorded with the run. */
    precheckOverride: z.object({ reason: reasonText(10, "Say why the precheck is overridden") }).strict().optional(),
  })
  .strict()
  .superRefine(onlyForDrills);
export type RequestFailoverBody = z.infer<typeof requestFailoverBody>;

export const approveFailoverBody = z
  .object({
    /** What the approver saw: approvals bind to exactly this runbook version and target. */
    runbookVersion: z.string().regex(/^[0-9a-f]{64}$/, "a runbook version is a SHA-256 (64 hex characters)"),
    target: region,
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ApproveFailoverBody = z.infer<typeof approveFailoverBody>;

export const executeFailoverBody = z
  .object({
    breakGlass: z.boolean().default(false),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.breakGlass && (b.reason ?? "").length < MIN_BREAK_GLASS_REASON)
      ctx.addIssue({ code: "custom", path: ["reason"], message: `break-glass needs a written reason of at least ${MIN_BREAK_GLASS_REASON} characters` });
  });
export type ExecuteFailoverBody = z.infer<typeof executeFailoverBody>;

export const abortFailoverBody = z.object({ reason: z.string().trim().max(2000).optional() }).strict();
export type AbortFailoverBody = z.infer<typeof abortFailoverBody>;

export const rollBackFailoverBody = z.object({ reason: reasonText(10, "Say why the completed steps are rolled back") }).strict();
export type RollBackFailoverBody = z.infer<typeof rollBackFailoverBody>;

export const listFailoversQuery = z
  .object({
    service: z.string().max(100).optional(),
    mode: z.enum(FAILOVER_MODES).optional(),
    state: z.enum(FAILOVER_STATES).optional(),
    limit: queryInt(1, 500).default(100),
  })
  .strict();
export type ListFailoversQuery = z.infer<typeof listFailoversQuery>;

export const preflightQuery = z
  .object({ service: z.string().min(1).max(100), to: region, mode: z.enum(FAILOVER_MODES).default("failover"), drillKind: drillKind.optional() })
  .strict()
  .superRefine(onlyForDrills);
export type PreflightQuery = z.infer<typeof preflightQuery>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
// A run's stored preflight and execution record are wide: checked by their key fields.
const state = z.enum(FAILOVER_STATES);
const verdict = z.enum(["ready", "at-risk", "unknown", "not-ready"]);
const path = z.enum(["planned", "data-loss"]);
export const preflightResponse = z.looseObject({
  service: z.string(),
  runbookName: z.string(),
  runbookVersion: z.string(),
  from: z.string(),
  to: z.string(),
  readiness: z.looseObject({ verdict, reasons: z.array(z.looseObject({ verdict, message: z.string() })), evaluatedAt: z.string() }).nullable(),
  expectedDataLossSec: z.number().nullable(),
  expectedDataLoss: z
    .object({ seconds: z.number().nullable(), asOf: z.string().nullable(), lastKnownSec: z.number().nullable(), links: z.array(z.string()) })
    .optional(),
  path,
  versions: z.array(z.object({ service: z.string(), active: z.string().nullable(), target: z.string().nullable() })),
  steps: z.array(z.object({ index: z.number(), type: z.string(), name: z.string(), detail: z.string(), skippedOnPath: z.string().nullable() })),
  targets: z.object({ rtoMs: z.number(), rpoMs: z.number(), drillMaxAgeMs: z.number() }),
  overrideAllowed: z.boolean(),
  drill: z.looseObject({ kind: z.enum(["round-trip", "target"]), target: z.string().nullable(), failback: z.object({ from: z.string(), to: z.string() }).nullable(), summary: z.string() }).optional(),
});
const failoverListItem = z.looseObject({
  id: z.string(),
  number: z.number(),
  service: z.string(),
  from: z.string(),
  to: z.string(),
  mode: z.enum(FAILOVER_MODES),
  state,
  requestedBy: z.string(),
  reason: z.string().nullable(),
  breakGlass: z.boolean(),
  reviewRequired: z.boolean(),
  precheckOverridden: z.boolean(),
  path: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rtoSeconds: z.number().nullable(),
  dataLossSeconds: z.number().nullable(),
  drillKind: z.enum(["round-trip", "target"]).nullable(),
  parentRunId: z.string().nullable(),
});
export const listFailoversResponse = z.object({ failovers: z.array(failoverListItem) });
export const failoverDetailResponse = failoverListItem.extend({
  requestedById: z.string(),
  runbookVersion: z.string(),
  currentRunbookVersion: z.string(),
  breakGlassReason: z.string().nullable(),
  preflight: preflightResponse,
  approvals: z.array(z.object({ id: z.string(), approver: z.string(), approverId: z.string(), role: z.string(), runbookVersion: z.string(), target: z.string(), createdAt: z.string(), invalidatedAt: z.string().nullable() })),
  steps: z.array(z.object({ id: z.string(), index: z.number(), type: z.string(), name: z.string(), isRollback: z.boolean(), state: z.string(), log: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable() })),
  policy: z.looseObject({ canExecute: z.boolean(), satisfiedBy: z.string().nullable(), counted: z.number(), required: z.number() }).nullable(),
  readinessNow: z.looseObject({ verdict }).nullable(),
  runner: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  abortRequestedBy: z.string().nullable(),
  done: z.boolean(),
});
export const drillLedgerResponse = z.object({
  ledger: z.array(
    z.looseObject({
      service: z.string(),
      runbookName: z.string(),
      drills: z.number(),
      lastDrill: z.looseObject({ id: z.string(), number: z.number(), state: z.string(), kind: z.string().nullable(), target: z.string().nullable() }).nullable(),
      lastSuccess: z.looseObject({ id: z.string(), number: z.number(), finishedAt: z.string() }).nullable(),
      rtoTargetSec: z.number(),
      rpoTargetSec: z.number(),
      rtoMet: z.boolean().nullable(),
      rpoMet: z.boolean().nullable(),
      ageMs: z.number().nullable(),
      overdue: z.boolean(),
    }),
  ),
});
export const requestFailoverResponse = z.object({ id: z.string(), number: z.number(), state, preflight: preflightResponse });
export const approveFailoverResponse = z.looseObject({ id: z.string(), state, approvalId: z.string(), satisfiedBy: z.string().nullable(), blockers: z.array(z.unknown()) });
export const executeFailoverResponse = z.object({ id: z.string(), number: z.number(), state: z.literal("running"), breakGlass: z.boolean(), reviewRequired: z.boolean(), path });
export const failoverStateResponse = z.object({ id: z.string(), state });
