import { describe, expect, it } from "vitest";
import { approvalPolicySchema } from "./config-schema";
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
    expect(getFreezeWindowProblem({ name: "x", cron: "* 25 * * *" })).toMatch(/cron "\* 25 \* \* \*": Invalid value for hour: 25/);
    expect(getFreezeWindowProblem({ name: "x", cron: "* * * * *", timezone: "Europe/Berln" })).toMatch(/timezone "Europe\/Berln" is not an IANA time zone/);
    expect(getFreezeWindowProblem({ name: "x", from: "2025-06-01T00:00:00Z", to: "2025-06-02T00:00:00Z", timezone: "Europe/Berlin" })).toMatch(/timezone applies to cron/);
    expect(isFrozen([{ name: "x", cron: "* * * * *", timezone: "Mars/Olympus" }], new Date())?.invalid).toMatch(/not an IANA time zone/);
    expect(getFreezeWindowProblem({ name: "x", from: "2025-06-01T00:00:00Z" })).toMatch(/needs both from and to/);
    expect(getFreezeWindowProblem({ name: "x" })).toMatch(/needs cron, or from and to/);
    expect(isFrozen([{ name: "x", from: "soon", to: "later" }], new Date())?.invalid).toMatch(/not an ISO date-time/);
  });

  it("reads the cron in the window's time zone", () => {
    // Friday evening in New York (EDT, UTC-4 in June): 16:00 local is 20:00 UTC, and it ends at Saturday 00:00 local.
    const ny = [{ name: "friday", cron: "* 16-23 * * fri", timezone: "America/New_York" }];
    expect(isFrozen(ny, new Date("2025-06-06T19:59:00Z"))).toBeNull();
    expect(isFrozen(ny, new Date("2025-06-06T20:00:00Z"))).toEqual({ name: "friday", endsAt: new Date("2025-06-07T04:00:00Z"), invalid: null });
    // Without a time zone the same cron is UTC, as before.
    expect(isFrozen([{ name: "friday", cron: "* 16-23 * * fri" }], new Date("2025-06-06T16:00:00Z"))?.endsAt).toEqual(new Date("2025-06-07T00:00:00Z"));
  });

  it("follows the wall clock across a DST change: the same local hours, other UTC hours", () => {
    // Office hours in New York; DST began on Sunday 2025-03-09: 09:00 was 14:00 UTC on Friday the 7th, 13:00 UTC on Monday the 10th.
    const office = parseCron("* 9-16 * * mon-fri", "America/New_York");
    expect(cronMatches(office, new Date("2025-03-07T13:30:00Z"))).toBe(false); // 08:30 EST
    expect(cronMatches(office, new Date("2025-03-07T14:00:00Z"))).toBe(true); //  09:00 EST
    expect(cronMatches(office, new Date("2025-03-10T13:00:00Z"))).toBe(true); //  09:00 EDT
    expect(cronMatches(office, new Date("2025-03-10T20:59:59Z"))).toBe(true); //  16:59 EDT
    expect(cronMatches(office, new Date("2025-03-10T21:00:00Z"))).toBe(false); // 17:00 EDT
  });

  it("skips the hour that does not exist in spring and freezes the repeated hour twice in autumn", () => {
    // Europe/Berlin: 2025-03-30 02:00 CET jumps to 03:00 CEST; 2025-10-26 03:00 CEST falls back to 02:00 CET.
    const nights = [{ name: "nights", cron: "* 1-2 * * *", timezone: "Europe/Berlin" }];
    // 01:30 CET = 00:30 UTC; 02:00–02:59 never happens that night, so the freeze ends at 03:00 CEST = 01:00 UTC.
    expect(isFrozen(nights, new Date("2025-03-30T00:30:00Z"))?.endsAt).toEqual(new Date("2025-03-30T01:00:00Z"));
    expect(isFrozen(nights, new Date("2025-03-30T01:00:00Z"))).toBeNull();
    // Autumn: 01:00 CEST (23:00 UTC) through both 02:00 hours (00:00–00:59 CEST, 01:00–01:59 CET): three hours.
    expect(isFrozen(nights, new Date("2025-10-25T23:00:00Z"))?.endsAt).toEqual(new Date("2025-10-26T02:00:00Z"));
    expect(isFrozen(nights, new Date("2025-10-26T01:30:00Z"))?.endsAt).toEqual(new Date("2025-10-26T02:00:00Z")); // the second 02:30
    expect(isFrozen(nights, new Date("2025-10-26T02:00:00Z"))).toBeNull(); // 03:00 CET
  });

  it("the workspace policy accepts a timezone and refuses one that does not exist", () => {
    const ok = approvalPolicySchema.parse({ freezeWindows: [{ name: "friday", cron: "* 16-23 * * fri", timezone: "Europe/Berlin" }] });
    expect(ok.freezeWindows[0].timezone).toBe("Europe/Berlin");
    const bad = approvalPolicySchema.safeParse({ freezeWindows: [{ name: "friday", cron: "* 16-23 * * fri", timezone: "Berlin" }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["freezeWindows", 0, "timezone"], message: expect.stringMatching(/IANA time zone/) });
  });
});
