import "server-only";
import { getDbEnv } from "@/lib/env";

/**
 * Every bound on the database in one place (README, "database limits"). A request never waits
 * longer than these for PostgreSQL: a rush of clicks gets a 409 or 503 in seconds, never a 500 after 20 s.
 */
export type DbLimits = {
  /** Connections for pages, the API and background work (per process). */
  pool: number;
  /** Connections kept for decisions (approve, apply, execute, abort …): a crowd of readers never starves them. */
  decisionPool: number;
  /** Longest wait for a free connection, or for a new one to connect. */
  acquireMs: number;
  /** Longest wait for a competing decision's row lock before answering 409 "try again". */
  lockWaitMs: number;
  /** Longest a decision's transaction may stay open. */
  decisionMs: number;
};

export function getDbLimits(): DbLimits {
  const env = getDbEnv();
  return { pool: env.MERIDIAN_DB_POOL, decisionPool: env.MERIDIAN_DB_DECISION_POOL, acquireMs: env.MERIDIAN_DB_ACQUIRE_MS, lockWaitMs: 2_000, decisionMs: 8_000 };
}
