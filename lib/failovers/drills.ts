import type { RunbookConfig } from "@/lib/runbooks/config-schema";

/** One run as the ledger needs it: drills (both legs of a round trip, and target drills) and real failovers. */
export type DrillRun = {
  id: string;
  number: number;
  service: string;
  from: string;
  to: string;
  state: string;
  finishedAt: Date | null;
  rtoSeconds: number | null;
  dataLossSeconds: number | null;
  mode?: string;
  drillKind?: string | null;
  /** Set on a round trip's fail-back leg: the drill it belongs to. */
  parentRunId?: string | null;
};

type RunRef = { id: string; number: number; state: string; from: string; to: string; finishedAt: string | null };

export type DrillLedgerRow = {
  service: string;
  runbookName: string;
  /** Drills (a round trip counts once: its fail-back leg is listed with it). */
  drills: number;
  lastDrill: (RunRef & { kind: string | null; target: string | null; failback: RunRef | null }) | null;
  /** The last successful drill: its measured RTO/RPO against the runbook's targets. */
  lastSuccess: { id: string; number: number; finishedAt: string; rtoSeconds: number | null; dataLossSeconds: number | null } | null;
  /** The last run that exercised the runbook and worked: a drill leg or a real failover. */
  lastExercised: { id: string; number: number; mode: string; finishedAt: string } | null;
  rtoTargetSec: number;
  rpoTargetSec: number;
  rtoMet: boolean | null;
  rpoMet: boolean | null;
  drillMaxAgeMs: number;
  /** Age of the last successful exercise (drill or real failover). */
  ageMs: number | null;
  /** Never exercised successfully, or the last success is older than drillMaxAge. */
  overdue: boolean;
};

const ref = (d: DrillRun): RunRef => ({ id: d.id, number: d.number, state: d.state, from: d.from, to: d.to, finishedAt: d.finishedAt?.toISOString() ?? null });

/**
 * Per runbook: the last drill (with its fail-back leg), measured RTO/RPO against target, and how long
 * since the runbook last worked, a real failover included: one that ran for real proves it as well.
 */
export function buildDrillLedger(runbooks: RunbookConfig[], runs: DrillRun[], now: number): DrillLedgerRow[] {
  return runbooks.map((rb) => {
    const mine = runs.filter((d) => d.service === rb.service && d.finishedAt !== null).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
    const drills = mine.filter((d) => (d.mode ?? "drill") === "drill");
    // A round trip is one drill: its first leg stands for it, its fail-back leg is shown beside it.
    const firstLegs = drills.filter((d) => !d.parentRunId);
    const last = firstLegs[0] ?? null;
    const failback = last ? (runs.find((d) => d.parentRunId === last.id) ?? null) : null;
    const ok = drills.find((d) => d.state === "succeeded") ?? null;
    const exercised = mine.find((d) => d.state === "succeeded") ?? null;
    const ageMs = exercised?.finishedAt ? now - exercised.finishedAt.getTime() : null;
    const rtoTargetSec = rb.rto / 1000;
    const rpoTargetSec = rb.rpo / 1000;
    return {
      service: rb.service,
      runbookName: rb.name ?? rb.service,
      drills: firstLegs.length,
      lastDrill: last ? { ...ref(last), kind: last.drillKind ?? null, target: last.drillKind === "target" ? (rb.drillTarget?.name ?? null) : null, failback: failback ? ref(failback) : null } : null,
      lastSuccess: ok?.finishedAt ? { id: ok.id, number: ok.number, finishedAt: ok.finishedAt.toISOString(), rtoSeconds: ok.rtoSeconds, dataLossSeconds: ok.dataLossSeconds } : null,
      lastExercised: exercised?.finishedAt ? { id: exercised.id, number: exercised.number, mode: exercised.mode ?? "drill", finishedAt: exercised.finishedAt.toISOString() } : null,
      rtoTargetSec,
      rpoTargetSec,
      rtoMet: ok?.rtoSeconds == null ? null : ok.rtoSeconds <= rtoTargetSec,
      rpoMet: ok?.dataLossSeconds == null ? null : ok.dataLossSeconds <= rpoTargetSec,
      drillMaxAgeMs: rb.drillMaxAge,
      ageMs,
      overdue: ageMs === null || ageMs > rb.drillMaxAge,
    };
  });
}
