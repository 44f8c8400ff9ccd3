import { describe, expect, it } from "vitest";
import { runbookConfigSchema } from "@/lib/runbooks/config-schema";
import { buildDrillLedger, type DrillRun } from "./drills";
import { ValidationError } from "@/lib/http/errors";
import { resolveDrillKind } from "./preflight";

const DAY = 86_400_000;
const NOW = Date.parse("2026-03-01T00:00:00Z");
const rb = runbookConfigSchema.parse({ service: "api", rto: "15m", rpo: "30s", drillMaxAge: "30d", steps: [{ type: "precheck" }] });
const drill = (over: Partial<DrillRun>): DrillRun => ({ id: "d", number: 1, service: "api", from: "a", to: "b", state: "succeeded", finishedAt: new Date(NOW - DAY), rtoSeconds: 300, dataLossSeconds: 2, ...over });

describe("drill ledger", () => {
  it("never drilled is overdue with nothing measured", () => {
    const [row] = buildDrillLedger([rb], [], NOW);
    expect(row).toMatchObject({ drills: 0, lastDrill: null, lastSuccess: null, overdue: true, rtoMet: null, rpoMet: null });
  });

  it("measures the last successful drill against the targets", () => {
    const [row] = buildDrillLedger([rb], [drill({ id: "old", finishedAt: new Date(NOW - 10 * DAY), rtoSeconds: 2000 }), drill({ id: "new", rtoSeconds: 600, dataLossSeconds: 45 })], NOW);
    expect(row.lastSuccess?.id).toBe("new");
    expect(row).toMatchObject({ drills: 2, rtoMet: true, rpoMet: false, overdue: false, rtoTargetSec: 900, rpoTargetSec: 30 });
  });

  it("a failed latest drill is shown but the age counts from the last success; older than drillMaxAge is flagged", () => {
    const [row] = buildDrillLedger([rb], [drill({ id: "ok", finishedAt: new Date(NOW - 40 * DAY) }), drill({ id: "bad", state: "failed", finishedAt: new Date(NOW - DAY), rtoSeconds: null })], NOW);
    expect(row.lastDrill?.id).toBe("bad");
    expect(row.lastSuccess?.id).toBe("ok");
    expect(row.overdue).toBe(true);
  });

  it("a round trip counts as one drill with its fail-back leg beside it; a real failover counts as the runbook exercised", () => {
    const forward = drill({ id: "fwd", number: 7, drillKind: "round-trip", finishedAt: new Date(NOW - 60 * DAY - 3_600_000) });
    const back = drill({ id: "back", number: 8, from: "b", to: "a", drillKind: "round-trip", parentRunId: "fwd", finishedAt: new Date(NOW - 60 * DAY) });
    const [old] = buildDrillLedger([rb], [forward, back], NOW);
    expect(old).toMatchObject({ drills: 1, lastDrill: { id: "fwd", kind: "round-trip", failback: { id: "back", number: 8, from: "b", to: "a" } }, overdue: true });
    // Forty days later the service really failed over: not overdue, though no drill ran since.
    const real = drill({ id: "real", number: 9, mode: "failover", finishedAt: new Date(NOW - 2 * DAY) });
    const [row] = buildDrillLedger([rb], [forward, back, real], NOW);
    expect(row).toMatchObject({ drills: 1, lastDrill: { id: "fwd" }, lastSuccess: { id: "back" }, lastExercised: { id: "real", mode: "failover" }, overdue: false });
    expect(row.ageMs).toBe(2 * DAY);
    // A failed failover proves nothing.
    expect(buildDrillLedger([rb], [forward, back, { ...real, state: "failed" }], NOW)[0].overdue).toBe(true);
  });

  it("a drill runs against the drill target when the runbook declares one, else as a round trip; a target drill without a target is refused", () => {
    const withTarget = runbookConfigSchema.parse({ service: "api", drillTarget: { name: "staging" }, steps: [{ type: "precheck" }] });
    expect(resolveDrillKind(rb, "failover")).toBeNull();
    expect(resolveDrillKind(rb, "drill")).toBe("round-trip");
    expect(() => resolveDrillKind(rb, "drill", "target")).toThrow(ValidationError);
    expect(resolveDrillKind(withTarget, "drill")).toBe("target");
    expect(resolveDrillKind(withTarget, "drill", "round-trip")).toBe("round-trip");
  });
});
