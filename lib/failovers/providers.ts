import "server-only";
import { providerSlot } from "@/lib/registry/slot";
import type { MeridianConfig } from "@/lib/config/schema";
import type { CredentialReason } from "./check-executor-credentials";
import type { RunbookConfig } from "@/lib/runbooks/config-schema";
import type { FailoverPath, StepExecutors } from "./types";

/** What a run executes with: step executors, the lag measure for the data-loss estimate, and how pages catch up after a move. */
export type FailoverExecution = {
  executors: StepExecutors;
  measureLagSeconds?: () => Promise<number | null>;
  /** Refreshes the snapshots after the fleet moved (null: nothing to collect). */
  collect: (() => Promise<unknown>) | null;
};

/**
 * What lib/failovers asks the composition root for (lib/server/registry.ts): the live executors
 * built from the configuration and its secrets, or the simulated fleet's. The domain runs them the
 * same way (lib/failovers/execute-runbook.ts); it never asks which kind it got.
 */
export type FailoverProviders = {
  /** The path a runbook is expected to take from `from` now: data-loss when the region is gone. */
  predictPath(from: string): Promise<FailoverPath>;
  /** Whether the credentials a run to `to` acts with work now (one reason per source; none to check for a simulated fleet). */
  checkCredentials(config: MeridianConfig, runbook: RunbookConfig, to: string): Promise<CredentialReason[]>;
  /** What a run to `to` cannot be built without (unset secrets, missing sources); empty when it can run. */
  missingForRun(config: MeridianConfig, runbook: RunbookConfig, to: string): string[];
  /** The executors of one run; throws when they cannot be built (see missingForRun). */
  execution(runbook: RunbookConfig, run: { id: string; fromRegion: string; toRegion: string }, actor: { id: string; name: string }, opts: { livePollMs?: number }): FailoverExecution;
};

export const failoverProviders = providerSlot<FailoverProviders>("failovers");

/** The path a failover from `from` would take now (data-loss when the region is gone), as the fleet's providers predict it. */
export async function predictFailoverPath(from: string): Promise<FailoverPath> {
  return (await failoverProviders()).predictPath(from);
}
