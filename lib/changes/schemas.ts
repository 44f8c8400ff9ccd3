import { z } from "zod";
import { refuseHostileText } from "@/lib/http/hostile-input";
import { INT32_MAX, queryInt } from "@/lib/http/query-schemas";
import { CHANGE_STATES } from "./state-machine";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "planSha256 is the hex SHA-256 of the plan file shown on the change page");

export const changeIdParams = z.object({ id: z.string().min(1).max(64) });
export type ChangeIdParams = z.infer<typeof changeIdParams>;

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
