import { describe, expect, it } from "vitest";
import { budgetAxis, niceAxis, niceStep, sliAxis } from "./chart-axes";

describe("SLO chart axes", () => {
  it("picks 1, 2, 2.5 or 5 × 10ⁿ steps", () => {
    expect(niceStep(100, 5)).toBe(25);
    expect(niceStep(30, 6)).toBe(10);
    expect(niceStep(1.2, 6)).toBe(0.25);
    expect(niceStep(7, 6)).toBe(2);
  });

  it("puts every tick on a multiple of the step", () => {
    const a = niceAxis(67.3, 100);
    expect(a.ticks).toEqual([60, 70, 80, 90, 100]);
    expect(a.domain).toEqual([60, 100]);
    for (const t of a.ticks) expect(t % 10).toBe(0);
    expect(niceAxis(99.1, 100).ticks).toEqual([99, 99.2, 99.4, 99.6, 99.8, 100]);
  });

  it("draws the budget on 0–100 % while budget is left (no −10 %)", () => {
    expect(budgetAxis([55, 64.9, 100])).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] });
    expect(budgetAxis([])).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] });
  });

  it("extends the budget axis below 0 on nice ticks only when overspent", () => {
    const a = budgetAxis([-130, 20]);
    expect(a.domain[0]).toBeLessThanOrEqual(-130);
    expect(a.domain[1]).toBe(100);
    expect(a.ticks).toContain(0);
    expect(a.ticks.every((t) => t % 50 === 0)).toBe(true);
  });

  it("zooms the SLI axis near the objective with round ticks, never 74/81/88", () => {
    const a = sliAxis([80.2, 99.7], 99);
    expect(a.domain[1]).toBe(100);
    expect(a.domain[0]).toBeLessThanOrEqual(80.2);
    expect(a.ticks.every((t) => t % 5 === 0)).toBe(true);
    const tight = sliAxis([99.6, 99.9], 99.5);
    expect(tight.domain[0]).toBeLessThanOrEqual(99);
    expect(tight.ticks.every((t) => Number.isInteger(t * 10))).toBe(true);
  });
});
