import { describe, expect, it } from "vitest";
import { runbookConfigSchema } from "./config-schema";
import { buildDrillLedger, type DrillRun } from "./drills";

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
});
