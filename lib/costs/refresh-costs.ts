import "server-only";
import { recordAuditEvent } from "@/lib/audit/append-event";
import type { AuditDetails } from "@/lib/audit/schemas";
import type { Actor } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { ConflictError } from "@/lib/http/errors";
import { countRequestsThisMonth } from "./cache";
import { getCostReader, pickCostSource, refreshMarkerKey, type ReaderOptions } from "./cost-reader";
import { getCostBreakdown, getCostForecastView, getRedundancyView, listCostAnomalies, listCostMovers } from "./queries";

/** Manual refreshes closer together than this are refused: each one is billed. */
export const MIN_MANUAL_REFRESH_MS = 60_000;

export type RefreshOutcome = { source: string; kind: string; refreshed: number; failed: string[]; requests: number };

/**
 * Admin refresh: refetches the default view of /costs now and marks every other cached answer due,
 * so other views refetch when next asked. Audited whether it worked or not.
 */
export async function refreshCosts(actor: Actor, requestId?: string, opts: ReaderOptions = {}): Promise<RefreshOutcome> {
  const source = pickCostSource(getConfig());
  const audit = (outcome: "success" | "failure", details: AuditDetails) =>
    recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "costs.refreshed", target: { type: "cost-source", id: source?.name ?? null }, outcome, details, requestId });
  const now = opts.now ?? Date.now;
  if (source?.kind === "cost-explorer") {
    const key = refreshMarkerKey(source.name);
    const last = await db().setting.findUnique({ where: { key } });
    const lastAt = typeof last?.value === "object" && last.value && "at" in last.value && typeof last.value.at === "string" ? Date.parse(last.value.at) : NaN;
    if (now() - lastAt < MIN_MANUAL_REFRESH_MS) {
      await audit("failure", { reason: "too soon", lastAt: new Date(lastAt).toISOString() });
      throw new ConflictError(`Costs were refreshed less than ${MIN_MANUAL_REFRESH_MS / 1000} s ago; every refresh is billed.`);
    }
    await db().setting.upsert({ where: { key }, create: { key, value: { at: new Date(now()).toISOString(), by: actor.username }, updatedBy: actor.username }, update: { value: { at: new Date(now()).toISOString(), by: actor.username }, updatedBy: actor.username } });
  }
  let reader;
  try {
    reader = await getCostReader({ ...opts, force: true });
  } catch (error) {
    await audit("failure", { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  const before = reader.source.kind === "cost-explorer" ? await countRequestsThisMonth(reader.source.name, now()) : 0;
  // The default view's panels; sequential so a throttled source is not hit in parallel.
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["breakdown", () => getCostBreakdown({ granularity: "monthly", metric: "unblended", groupBy: "region" }, reader)],
    ["forecast", () => getCostForecastView({ granularity: "daily", metric: "unblended" }, reader)],
    ["movers", () => listCostMovers({ groupBy: "service", metric: "unblended" }, reader)],
    ["redundancy", () => getRedundancyView({ metric: "unblended" }, reader)],
    ["anomalies", () => listCostAnomalies({}, reader)],
  ];
  const failed: string[] = [];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      failed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const requests = reader.source.kind === "cost-explorer" ? (await countRequestsThisMonth(reader.source.name, now())) - before : 0;
  const outcome = { source: reader.source.name, kind: reader.source.kind, refreshed: steps.length - failed.length, failed, requests };
  await audit(failed.length ? "failure" : "success", outcome);
  return outcome;
}
