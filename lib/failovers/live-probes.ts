import { listRegionSummaries } from "@/lib/regions/queries";
import { getServiceReadiness, listLinks } from "@/lib/replication/queries";
import { listSloStatuses } from "@/lib/slos/queries";
import { getRunbookServices, type RunbookConfig } from "@/lib/runbooks/config-schema";
import type { HealthProbe, LagProbe, ReadinessProbe } from "./standard-steps";

// The read-only probes of a live run: readiness, lag and target health come from the collector's
// snapshots (replication links, SLO statuses, inventory), the same data the pages show.

export type LiveProbes = {
  getReadiness: ReadinessProbe;
  getLagSeconds: LagProbe;
  checkTargetHealth: HealthProbe;
  /** Lag at promotion for the engine's data-loss estimate. */
  measureLagSeconds: () => Promise<number | null>;
  services: string[];
};

/** The largest known lag, as seconds, of the services' links from `from` to `to`; null when none is known. */
async function getWorstLagSeconds(services: string[], from: string, to: string): Promise<number | null> {
  const { links } = await listLinks();
  let worst: number | null = null;
  for (const l of links) if (services.includes(l.service) && l.from === from && l.to === to && l.lagSeconds !== null) worst = Math.max(worst ?? 0, l.lagSeconds);
  return worst;
}

export function createLiveProbes(runbook: RunbookConfig, from: string, to: string): LiveProbes {
  const services = getRunbookServices(runbook);
  return {
    services,
    getReadiness: getServiceReadiness,
    getLagSeconds: (ctx) => getWorstLagSeconds(services, ctx.from, ctx.to),
    measureLagSeconds: () => getWorstLagSeconds(services, from, to),
    async checkTargetHealth(ctx) {
      const [{ statuses }, { regions }] = await Promise.all([listSloStatuses(), listRegionSummaries()]);
      const health = regions.find((r) => r.id === ctx.to)?.health ?? "unknown";
      if (health === "down") return { healthy: false, detail: `${ctx.to} is down in the inventory` };
      const slos = statuses.filter((s) => services.includes(s.service) && s.region === ctx.to);
      const paging = slos.filter((s) => s.state === "page");
      if (paging.length > 0) return { healthy: false, detail: `burning fast: ${paging.map((s) => s.name).join(", ")}` };
      // No SLO says anything: only a healthy inventory counts as healthy; unknown is not.
      if (slos.length === 0 && health !== "healthy") return { healthy: false, detail: `no SLO data for ${services.join(", ")} in ${ctx.to}; inventory ${health}` };
      return { healthy: true, detail: `${slos.length} SLO${slos.length === 1 ? "" : "s"} not paging; inventory ${health}` };
    },
  };
}
