import { describe, expect, it } from "vitest";
import { cronMatches, getFreezeWindowProblem, isFrozen, parseCron } from "./freeze-window";

describe("freeze windows", () => {
  it("matches cron minutes in UTC, with names, ranges, steps and Sunday as 0 or 7", () => {
    const fri = parseCron("* 16-23 * * fri");
    expect(cronMatches(fri, new Date("2025-06-06T16:00:00Z"))).toBe(true); // Friday
    expect(cronMatches(fri, new Date("2025-06-06T15:59:00Z"))).toBe(false);
    expect(cronMatches(fri, new Date("2025-06-05T17:00:00Z"))).toBe(false); // Thursday
    const sun = parseCron("*/15 0 * * 7");
    expect(cronMatches(sun, new Date("2025-06-08T00:30:00Z"))).toBe(true);
    expect(cronMatches(sun, new Date("2025-06-08T00:31:00Z"))).toBe(false);
  });

  it("treats restricted day-of-month and day-of-week as either-or, like cron", () => {
    const c = parseCron("* * 1 * mon");
    expect(cronMatches(c, new Date("2025-06-01T12:00:00Z"))).toBe(true); // the 1st, a Sunday
    expect(cronMatches(c, new Date("2025-06-02T12:00:00Z"))).toBe(true); // a Monday
    expect(cronMatches(c, new Date("2025-06-03T12:00:00Z"))).toBe(false);
  });

  it("a Friday-evening freeze in effect ends at Saturday 00:00", () => {
    const hit = isFrozen([{ name: "friday", cron: "* 16-23 * * 5" }], new Date("2025-06-06T18:20:30Z"));
    expect(hit).toEqual({ name: "friday", endsAt: new Date("2025-06-07T00:00:00Z"), invalid: null });
    expect(isFrozen([{ name: "friday", cron: "* 16-23 * * 5" }], new Date("2025-06-07T00:00:00Z"))).toBeNull();
  });

  it("an absolute window holds from `from` up to, not including, `to`", () => {
    const w = [{ name: "launch", from: "2025-06-01T00:00:00Z", to: "2025-06-02T00:00:00Z" }];
    expect(isFrozen(w, new Date("2025-05-31T23:59:59Z"))).toBeNull();
    expect(isFrozen(w, new Date("2025-06-01T00:00:00Z"))?.endsAt).toEqual(new Date("2025-06-02T00:00:00Z"));
    expect(isFrozen(w, new Date("2025-06-02T00:00:00Z"))).toBeNull();
  });

  it("reports malformed windows and treats them as in effect (fail closed)", () => {
    expect(getFreezeWindowProblem({ name: "x", cron: "* * *" })).toMatch(/needs 5 fields/);
    expect(getFreezeWindowProblem({ name: "x", cron: "* 25 * * *" })).toMatch(/hour: 25 is outside 0-23/);
    expect(getFreezeWindowProblem({ name: "x", from: "2025-06-01T00:00:00Z" })).toMatch(/needs both from and to/);
    expect(getFreezeWindowProblem({ name: "x" })).toMatch(/needs cron, or from and to/);
    expect(isFrozen([{ name: "x", from: "soon", to: "later" }], new Date())?.invalid).toMatch(/not an ISO date-time/);
  });
});
