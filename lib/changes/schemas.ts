import { z } from "zod";
import { refuseHostileText } from "@/lib/http/hostile-input";
import { INT32_MAX, queryInt } from "@/lib/http/query-schemas";
import { CHANGE_STATES } from "./state-machine";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "planSha256 is the hex SHA-256 of the plan file shown on the change page");

export const changeIdParams = z.object({ id: z.string().min(1).max(64) });
export type ChangeIdParams = z.infer<typeof changeIdParams>;

export const RESOURCE_FILTERS = ["all", "destructive", "stateful", "create", "update", "replace", "delete"] as const;
export type ResourceFilter = (typeof RESOURCE_FILTERS)[number];

/** GET /api/v1/changes/{id}: the plan's resources, paged and filtered. */
export const changeDetailQuery = z.object({ page: queryInt(1).default(1), filter: z.enum(RESOURCE_FILTERS).default("all") });

export const listChangesQuery = z.object({
  state: z.enum(CHANGE_STATES).optional(),
  workspace: z.string().max(100).optional(),
  limit: queryInt(1, 500).default(100),
});
export type ListChangesQuery = z.infer<typeof listChangesQuery>;

export const reviewChangeBody = z
  .object({
    planSha256: sha256,
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ReviewChangeBody = z.infer<typeof reviewChangeBody>;

export const rejectChangeBody = reviewChangeBody.extend({ comment: z.string().trim().min(1, "Say why you reject the change").max(2000) });

export const applyChangeBody = z.object({ planSha256: sha256 }).strict();
export type ApplyChangeBody = z.infer<typeof applyChangeBody>;

export const cancelChangeBody = z.object({ reason: z.string().trim().max(2000).optional() }).strict();
export type CancelChangeBody = z.infer<typeof cancelChangeBody>;

export const overrideSloGateBody = z
  .object({ planSha256: sha256, reason: z.string().trim().min(10, "Write why the gate may be overridden (at least 10 characters)").max(2000) })
  .strict();
export type OverrideSloGateBody = z.infer<typeof overrideSloGateBody>;

const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/);

export const planChangeBody = z
  .object({
    workspace: z.string().min(1).max(100),
    title: z.string().trim().min(1).max(200).optional(),
    /** terraform -var values (the demo workspaces take `revision`). */
    vars: z.record(varName, z.string().max(10_000)).optional(),
    /** Re-plan this open change request: the new plan replaces the old and invalidates its approvals. */
    changeId: z.string().min(1).max(64).optional(),
    /** The commit and pull request this plan is for: with the GitHub integration, a check run appears there. */
    commitSha: z.string().regex(/^[0-9a-f]{7,64}$/i, "commitSha is a git commit hash").optional(),
    prUrl: z.string().url().max(2000).optional(),
  })
  .strict();
export type PlanChangeBody = z.infer<typeof planChangeBody>;

// The log query adds 1 to the offset in SQL (int4), so the largest offset is one below int4's.
export const changeLogQuery = z.object({ offset: queryInt(0, INT32_MAX - 1).default(0) });
export type ChangeLogQuery = z.infer<typeof changeLogQuery>;

/** The text fields of the CI upload (multipart/form-data); the plan and its JSON are files. */
export const uploadChangeFields = z
  .object({
    workspace: z.string().min(1).max(100),
    commitSha: z.string().regex(/^[0-9a-f]{7,64}$/i, "commitSha is a git commit hash"),
    prUrl: z.string().url().max(2000).optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  // These fields bypass the route wrapper's check (the body is multipart), so they are checked here.
  .superRefine(refuseHostileText);
export type UploadChangeFields = z.infer<typeof uploadChangeFields>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
const state = z.enum(CHANGE_STATES);
const planCounts = z.object({ add: z.number(), change: z.number(), destroy: z.number(), import: z.number(), replace: z.number(), read: z.number(), forget: z.number() });
const changeListItem = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  workspace: z.string(),
  state,
  origin: z.string(),
  requestedBy: z.string(),
  planLine: z.string().nullable(),
  counts: planCounts,
  destructive: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const listChangesResponse = z.object({ changes: z.array(changeListItem) });
// The plan summary and its resources run to megabytes of nested detail: key fields only.
export const changeDetailResponse = changeListItem.extend({
  requestedById: z.string(),
  planSha256: z.string(),
  planRevision: z.number(),
  commitSha: z.string().nullable(),
  prUrl: z.string().nullable(),
  exitCode: z.number().nullable(),
  applyStartedAt: z.string().nullable(),
  planStartedAt: z.string().nullable(),
  plannedAt: z.string().nullable(),
  planText: z.string().nullable(),
  phases: z.array(
    z.object({
      phase: z.enum(["plan", "review", "apply"]),
      status: z.enum(["done", "running", "pending", "skipped"]),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      durationMs: z.number().nullable(),
      by: z.array(z.string()),
      outcome: z.string().nullable(),
    }),
  ),
  summary: z.looseObject({ counts: planCounts }),
  resources: z.array(z.looseObject({ address: z.string() })),
  resourcePage: z.object({ page: z.number(), pageSize: z.number(), total: z.number(), pages: z.number(), filter: z.enum(RESOURCE_FILTERS) }),
  approvals: z.array(z.object({ id: z.string(), approver: z.string(), role: z.string(), decision: z.string(), comment: z.string().nullable(), planSha256: z.string(), createdAt: z.string(), expiresAt: z.string(), invalidated: z.boolean(), current: z.boolean() })),
  policy: z.looseObject({ canApply: z.boolean(), blockers: z.array(z.object({ rule: z.string(), message: z.string(), unblock: z.string() })), counted: z.number(), required: z.number() }),
  sloGate: z.object({ blocked: z.boolean(), reasons: z.array(z.string()), unknown: z.array(z.string()) }),
  override: z.looseObject({ by: z.string(), reason: z.string(), at: z.string(), planSha256: z.string() }).nullable(),
  lock: z.object({ changeId: z.string(), holder: z.string(), acquiredAt: z.string() }).nullable(),
  runner: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  appliedBy: z.string().nullable(),
  logLength: z.number(),
  terminal: z.boolean(),
  viewerReview: z.object({ decision: z.string(), at: z.string() }).nullable(),
});
export const changeLogResponse = z.object({ text: z.string(), offset: z.number(), nextOffset: z.number(), state, done: z.boolean(), exitCode: z.number().nullable() });
export const recordedChangeResponse = z.looseObject({ id: z.string(), number: z.number(), state, workspace: z.string(), planSha256: z.string(), planRevision: z.number(), planLine: z.string().nullable(), counts: planCounts });
export const reviewChangeResponse = z.looseObject({ id: z.string(), state, decision: z.enum(["approve", "reject"]), planSha256: z.string(), expiresAt: z.string() });
export const cancelChangeResponse = z.object({ id: z.string(), state: z.literal("cancelled") });
export const overrideSloGateResponse = z.object({ id: z.string(), sloOverride: z.looseObject({ by: z.string(), reason: z.string(), at: z.string(), planSha256: z.string() }) });
export const applyChangeResponse = z.object({ id: z.string(), number: z.number(), state, log: z.string() });
export const releaseLockResponse = z.object({ id: z.string(), workspace: z.string(), released: z.literal(true), state });
