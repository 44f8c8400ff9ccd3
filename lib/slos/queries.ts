// STUB — owned by the SLO work (issue 5), which replaces the bodies.
// The signatures are the contract the applies (issue 7) and overview (issue 8) work builds on.
import type { GateResult } from "./math";
import type { SloStatus } from "./types";

/** The latest computed status of every SLO (from the collector's snapshots). */
export async function listSloStatuses(): Promise<{ statuses: SloStatus[]; fetchedAt: string | null }> {
  return { statuses: [], fetchedAt: null };
}

/** The change gate: blocked while a touched region has an exhausted budget or a page-level burn. */
export async function getChangeGate(scope: { regions?: string[]; services?: string[] }): Promise<GateResult> {
  void scope;
  return { blocked: false, reasons: [], unknown: [] };
}
