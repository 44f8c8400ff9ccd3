import type { ConsoleState } from "./state";

export type DataLoss = { replayedAt: string | null; lagBytesAtLastContact: number | null; primaryLastSeenAt: string | null; note: string };

/** What the takeover would lose, as far as it can be known from here: the WAL not received. */
export function describeDataLoss(s: Pick<ConsoleState, "replica">): DataLoss {
  const r = s.replica;
  const known = r?.lagBytes;
  const note = !r
    ? "unknown: this console has no view of its replica"
    : r.primaryReachable
      ? `${known ?? "?"} bytes of WAL not yet replayed now`
      : `unknown: the primary has not answered since ${r.primaryLastSeenAt ?? "this console started"}; ${known ?? "?"} bytes were not yet replayed then, and whatever it wrote after is lost`;
  return { replayedAt: r?.replayedAt ?? null, lagBytesAtLastContact: known ?? null, primaryLastSeenAt: r?.primaryLastSeenAt ?? null, note };
}
