import type { ReadinessRow } from "@/lib/replication/queries";
import { getRunbookServices, getStepServices, type RunbookConfig } from "@/lib/runbooks/config-schema";

/**
 * What promoting now would lose, for a whole runbook: the worst current replication lag of the
 * links into the target of the services the runbook promotes (a stack runbook filed under its
 * stateless API still promotes its database), read from the same rows /replication shows.
 */
export type ExpectedDataLoss = {
  /** Seconds of writes lost; 0 only when nothing the runbook moves replicates state; null when unknown. */
  seconds: number | null;
  /** Known: when the lag was sampled (the oldest of the links' newest samples). Unknown: no data since then (null: never). */
  asOf: string | null;
  /** Unknown only: the lag when the links were last seen, a lower bound. */
  lastKnownSec: number | null;
  /** The replication links the figure rests on. */
  links: string[];
};

/**
 * The services whose replicas the runbook promotes: its promote step's (the data-loss estimate is
 * taken there); without one, every service it moves (a standby started by a scale step).
 */
export function getPromotedServices(rb: RunbookConfig): string[] {
  const promote = rb.steps.find((s) => s.type === "promote");
  return promote ? getStepServices(promote, rb) : getRunbookServices(rb);
}

type Row = Pick<ReadinessRow, "service" | "from" | "to" | "links" | "expectedDataLossSec" | "lastKnownDataLoss" | "lagAsOf">;

function oldest(isos: Array<string | null>): string | null {
  if (isos.length === 0 || isos.some((x) => x === null)) return null;
  return [...(isos as string[])].sort()[0];
}

/** The expected data loss of failing `services` over from `from` to `to`, from their readiness rows. */
export function getExpectedDataLoss(rows: Row[], services: string[], from: string, to: string): ExpectedDataLoss {
  const mine = rows.filter((r) => services.includes(r.service) && r.from === from && r.to === to);
  const links = mine.flatMap((r) => r.links);
  const replicated = mine.filter((r) => r.links.length > 0);
  if (mine.length > 0 && mine.every((r) => r.expectedDataLossSec !== null)) {
    return { seconds: Math.max(0, ...mine.map((r) => r.expectedDataLossSec ?? 0)), asOf: oldest(replicated.map((r) => r.lagAsOf)), lastKnownSec: null, links };
  }
  // Unknown: a link is dark or stale, or a stateful service has no link measuring it. Never 0.
  const dark = mine.filter((r) => r.expectedDataLossSec === null && r.links.length > 0);
  const floors = [...mine.map((r) => r.expectedDataLossSec), ...mine.map((r) => r.lastKnownDataLoss?.seconds ?? null)].filter((x): x is number => x !== null);
  return { seconds: null, asOf: dark.length > 0 ? oldest(dark.map((r) => r.lagAsOf)) : null, lastKnownSec: floors.length > 0 ? Math.max(...floors) : null, links };
}
