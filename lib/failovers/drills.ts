import type { RunbookConfig } from "./config-schema";

/** One drill as the ledger needs it. */
export type DrillRun = { id: string; number: number; service: string; from: string; to: string; state: string; finishedAt: Date | null; rtoSeconds: number | null; dataLossSeconds: number | null };

export type DrillLedgerRow = {
  service: string;
  runbookName: string;
  drills: number;
  lastDrill: { id: string; number: number; state: string; from: string; to: string; finishedAt: string | null } | null;
  /** The last successful drill: its measured RTO/RPO against the runbook's targets. */
  lastSuccess: { id: string; number: number; finishedAt: string; rtoSeconds: number | null; dataLossSeconds: number | null } | null;
  rtoTargetSec: number;
  rpoTargetSec: number;
  rtoMet: boolean | null;
  rpoMet: boolean | null;
  drillMaxAgeMs: number;
  ageMs: number | null;
  /** Never drilled successfully, or the last successful drill is older than drillMaxAge. */
  overdue: boolean;
};

/** Per runbook: last drill, measured RTO/RPO against target, drills older than drillMaxAge flagged. */
export function buildDrillLedger(runbooks: RunbookConfig[], drills: DrillRun[], now: number): DrillLedgerRow[] {
  return runbooks.map((rb) => {
    const mine = drills.filter((d) => d.service === rb.service && d.finishedAt !== null).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
    const last = mine[0] ?? null;
    const ok = mine.find((d) => d.state === "succeeded") ?? null;
    const ageMs = ok?.finishedAt ? now - ok.finishedAt.getTime() : null;
    const rtoTargetSec = rb.rto / 1000;
    const rpoTargetSec = rb.rpo / 1000;
    return {
      service: rb.service,
      runbookName: rb.name ?? rb.service,
      drills: mine.length,
      lastDrill: last ? { id: last.id, number: last.number, state: last.state, from: last.from, to: last.to, finishedAt: last.finishedAt?.toISOString() ?? null } : null,
      lastSuccess: ok?.finishedAt ? { id: ok.id, number: ok.number, finishedAt: ok.finishedAt.toISOString(), rtoSeconds: ok.rtoSeconds, dataLossSeconds: ok.dataLossSeconds } : null,
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
