import "server-only";
import { getConfig } from "@/lib/config/store";
import { readSecretRef } from "@/lib/env";
import { CostExplorerNotConfiguredError, getCostExplorerOptions } from "@/lib/sources/aws-cost-explorer";
import { countRequestsThisMonth, getCacheStats } from "./cache";
import { costRefreshMs } from "./cost-reader";

/** Cost Explorer bills every request (each page) at $0.01. */
export const COST_PER_REQUEST_MICROS = 10_000;

export type CostSourceStatus = {
  name: string;
  kind: "demo" | "cost-explorer";
  /** False when credentials are missing; `missing` says what to set. */
  configured: boolean;
  missing: string[];
  refreshMs: number | null;
  requestsThisMonth: number;
  costThisMonthMicros: number;
  cachedAnswers: number;
  newestFetchedAt: string | null;
  oldestFetchedAt: string | null;
};

/** Settings → Cost Explorer: every cost source, whether it can be used and what it has cost this month. */
export async function listCostSourceStatus(now = Date.now(), resolve: (name: string) => string | undefined = readSecretRef): Promise<CostSourceStatus[]> {
  const sources = getConfig().sources.filter((s) => s.kind === "cost-explorer" || s.kind === "demo");
  return Promise.all(
    sources.map(async (s): Promise<CostSourceStatus> => {
      if (s.kind === "demo")
        return { name: s.name, kind: "demo", configured: true, missing: [], refreshMs: null, requestsThisMonth: 0, costThisMonthMicros: 0, cachedAnswers: 0, newestFetchedAt: null, oldestFetchedAt: null };
      let missing: string[] = [];
      try {
        getCostExplorerOptions(s, resolve);
      } catch (error) {
        if (!(error instanceof CostExplorerNotConfiguredError)) throw error;
        missing = error.missing;
      }
      const [requests, cache] = await Promise.all([countRequestsThisMonth(s.name, now), getCacheStats(s.name)]);
      return {
        name: s.name,
        kind: "cost-explorer",
        configured: missing.length === 0,
        missing,
        refreshMs: costRefreshMs(s),
        requestsThisMonth: requests,
        costThisMonthMicros: requests * COST_PER_REQUEST_MICROS,
        cachedAnswers: cache.entries,
        newestFetchedAt: cache.newest,
        oldestFetchedAt: cache.oldest,
      };
    }),
  );
}
