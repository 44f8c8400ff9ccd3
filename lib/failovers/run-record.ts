import type { Prisma } from "@/generated/prisma/client";
import type { Preflight } from "./preflight";
import type { FailoverPath, PromoteAction, RunOutcome } from "./types";

/** How the run went, kept beside the preflight (the FailoverRun row has no columns for these). */
export type ExecutionRecord = {
  /** The replica that accepted the run (a label for people; liveness is the run's heartbeat). */
  holder: string;
  /** The worker that ran the steps. */
  runner?: string;
  path: FailoverPath;
  outcome?: RunOutcome;
  failedStep?: { index: number; name: string; error: string } | null;
  rolledBack?: boolean;
  rollbackFailed?: boolean;
  promoteAction?: PromoteAction | null;
  abortedBy?: string | null;
  interrupted?: boolean;
};

/** The run's preflight JSON: what was seen at request time, the override, and (once run) the execution. */
export type StoredPreflight = Preflight & {
  override: { by: string; reason: string; at: string } | null;
  /** Set when approvals were voided because readiness dropped: the verdict then replaced the request-time one. */
  readinessRefreshedAt?: string | null;
  execution?: ExecutionRecord;
};

export function readPreflight(json: Prisma.JsonValue): StoredPreflight {
  return json as unknown as StoredPreflight;
}

export function toJson(p: StoredPreflight): Prisma.InputJsonValue {
  return p as unknown as Prisma.InputJsonValue;
}

export const failoverUrl = (id: string) => `/failovers/${id}`;
