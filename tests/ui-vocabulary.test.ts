import { describe, expect, it } from "vitest";
import { CHANGE_STATES } from "@/lib/changes/state-machine";
import { STEP_STATES } from "@/lib/failovers/types";
import { auditDetailPairs } from "@/components/audit/detail-pairs";
import { blockerTone, colorOf, countTone, toneOf, withoutRepeatedState } from "@/components/ui/tone";

// The console's one vocabulary (components/ui/tone.ts): the same word has the same colour on every page.

describe("state tones", () => {
  it("unreachable, down and the other dead states are red wherever they appear", () => {
    for (const s of ["unreachable", "down", "stalled", "breach", "not-ready", "failed", "interrupted", "rollback-failed", "page"]) expect(toneOf(s), s).toBe("bad");
    expect(colorOf("unreachable")).toBe("var(--bad)");
  });

  it("an applied change and a succeeded run read as done; waiting reads as neutral, not as an error", () => {
    expect(toneOf("applied")).toBe("ok");
    expect(toneOf("succeeded")).toBe("ok");
    expect(toneOf("waiting")).toBe("neutral");
    expect(toneOf("pending")).toBe("neutral");
  });

  it("every change state, step state, link state and health word has a tone of its own choosing", () => {
    const words = [...CHANGE_STATES, ...STEP_STATES, "ok", "warning", "breach", "stalled", "unknown", "healthy", "degraded", "down", "ready", "at-risk", "not-ready"];
    const deliberateNeutral = new Set(["cancelled", "superseded", "pending", "skipped", "unknown"]);
    for (const w of words) if (!deliberateNeutral.has(w)) expect(toneOf(w), w).not.toBe("neutral");
  });

  it("zero counts are neutral; waiting for approvals is not a red blocker", () => {
    expect(countTone(0, "bad")).toBe("neutral");
    expect(countTone(2, "bad")).toBe("bad");
    expect(blockerTone("approvals")).toBe("info");
    expect(blockerTone("slo-gate")).toBe("bad");
    expect(blockerTone("rejected")).toBe("bad");
  });
});

describe("reasons beside a state", () => {
  it("drops the state word a reason repeats, and folds a doubled prefix inside a longer message", () => {
    expect(withoutRepeatedState("stalled: the replica replays nothing while lag grows (now 41 s)", "stalled")).toBe("the replica replays nothing while lag grows (now 41 s)");
    expect(withoutRepeatedState("indexer-db-euw1-use1 stalled: stalled: the replica replays nothing")).toBe("indexer-db-euw1-use1 stalled: the replica replays nothing");
    expect(withoutRepeatedState("lag 12 s over the warning of 10 s", "warning")).toBe("lag 12 s over the warning of 10 s");
  });
});

describe("audit details", () => {
  it("an empty details object shows nothing (no '{}'); values read as key: value", () => {
    expect(auditDetailPairs({})).toEqual([]);
    expect(auditDetailPairs(null)).toEqual([]);
    expect(auditDetailPairs({ scenario: "steady", count: 2, nested: {}, list: ["a"] })).toEqual([
      ["scenario", "steady"],
      ["count", "2"],
      ["list", '["a"]'],
    ]);
  });
});
