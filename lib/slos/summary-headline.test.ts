import { describe, expect, it } from "vitest";
import { summaryHeadline } from "./summary-headline";

const counts = (byState: Partial<Record<"page" | "ticket" | "ok" | "quiet" | "no-data", number>>, met: number, notMet = 0, noData = 0) => {
  const full = { page: 0, ticket: 0, ok: 0, quiet: 0, "no-data": 0, ...byState };
  return { total: Object.values(full).reduce((a, b) => a + b, 0), met, notMet, noData, byState: full };
};

describe("SLO summary headline", () => {
  it("never says met while SLOs page: 11 met over the window, 9 paging now", () => {
    const h = summaryHeadline(counts({ page: 9, ok: 2 }, 11));
    expect(h.stat).toBe("9 of 11 paging");
    expect(h.tone).toBe("bad");
    expect(h.burning).toBe(9);
    expect(h.detail).toContain("9 burning budget now (9 paging · 0 ticket · 2 ok · 0 quiet · 0 no data)");
    expect(h.detail).toContain("11 met, 0 missed");
  });

  it("counts ticket-level burn as burning", () => {
    const h = summaryHeadline(counts({ ticket: 2, ok: 3 }, 5));
    expect(h).toMatchObject({ stat: "2 of 5 burning", tone: "warn", burning: 2 });
  });

  it("says missed when an objective is missed with nothing burning now", () => {
    expect(summaryHeadline(counts({ ok: 3 }, 2, 1))).toMatchObject({ stat: "1 of 3 missed", tone: "bad", burning: 0 });
  });

  it("says met only when nothing burns and nothing missed; SLOs without data are left out of the ratio", () => {
    const h = summaryHeadline(counts({ ok: 3, "no-data": 1 }, 3, 0, 1));
    expect(h).toMatchObject({ stat: "3 of 3 met", tone: "ok" });
    expect(h.detail).toContain("1 without data");
  });
});
