import type { BurnState } from "./types";

// The leadership line over every SLO. "Met" looks back over the whole window while the burn state is
// now: an SLO can be within its objective and paging. The headline leads with what burns, by state.

export type SummaryCounts = { total: number; met: number; notMet: number; noData: number; byState: Record<BurnState, number> };

export type SummaryHeadline = {
  /** The big figure: "9 of 11 paging", or "11 of 11 met" when nothing burns. */
  stat: string;
  tone: "bad" | "warn" | "ok" | "neutral";
  /** The other counts in words, each SLO in exactly one state. */
  detail: string;
  burning: number;
};

export function summaryHeadline(s: SummaryCounts): SummaryHeadline {
  const { page, ticket, ok, quiet } = s.byState;
  const noData = s.byState["no-data"];
  const burning = page + ticket;
  const withData = s.met + s.notMet;
  const states = [`${page} paging`, `${ticket} ticket`, `${ok} ok`, `${quiet} quiet`, `${noData} no data`].join(" · ");
  const objective = `objective over the window: ${s.met} met, ${s.notMet} missed${s.noData ? `, ${s.noData} without data` : ""}`;
  if (page > 0) return { stat: `${page} of ${s.total} paging`, tone: "bad", detail: `${burning} burning budget now (${states}); ${objective}`, burning };
  if (ticket > 0) return { stat: `${ticket} of ${s.total} burning`, tone: "warn", detail: `${burning} burning budget now (${states}); ${objective}`, burning };
  if (s.notMet > 0) return { stat: `${s.notMet} of ${withData} missed`, tone: "bad", detail: `none burning now (${states}); ${objective}`, burning };
  if (withData === 0) return { stat: `no data`, tone: "neutral", detail: `${states}; ${objective}`, burning };
  return { stat: `${s.met} of ${withData} met`, tone: "ok", detail: `none burning now (${states}); ${objective}`, burning };
}
