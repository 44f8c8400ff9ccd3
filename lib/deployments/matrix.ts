import type { ServiceRole } from "@/lib/config/schema";
import type { DeploymentMatrixQuery } from "./schemas";
import type { RolloutState, Workload } from "./types";
import { compareVersions, lagBehind, type Lag } from "./version-order";
import { pageOf } from "@/lib/paging";

// The version matrix as plain data: built once per set of snapshots on the server, then
// filtered, sorted and paged per request. The browser only ever receives one page.

export type MatrixService = {
  id: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  tier: "critical" | "standard";
  /** Role per region as it stands now (demo failovers included). */
  roles: Record<string, ServiceRole>;
};

export type MatrixCell = {
  region: string;
  role: ServiceRole | null;
  /** null: the configuration places the service here but no workload was found. */
  version: string | null;
  /** Other versions running side by side in this region (several clusters or workloads). */
  otherVersions: string[];
  readyReplicas: number;
  desiredReplicas: number;
  rollout: RolloutState | null;
  deployedAt: string | null;
  /** Who shipped the version shown, its commit and Helm release: null where the source does not say. */
  deployer: string | null;
  commit: string | null;
  release: string | null;
  clusters: string[];
  /** Differs from the reference (active) region's version. */
  drift: boolean;
  lag: Lag | null;
  /** This region's data comes from a stale source. */
  stale: boolean;
};

export type MatrixRow = {
  service: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  tier: "critical" | "standard";
  /** The region versions are compared with: the active one, else the newest. */
  referenceRegion: string | null;
  referenceVersion: string | null;
  drift: boolean;
  /** Largest known "behind by N releases" of any region; null when none is known. */
  maxBehind: number | null;
  lastDeployedAt: string | null;
  cells: Record<string, MatrixCell>;
};

export type MatrixInput = {
  regions: string[];
  services: MatrixService[];
  workloadsByRegion: Map<string, Workload[]>;
  staleRegions?: Set<string>;
  /** Distinct versions the reference region ran (from DeploymentEvent), for counting releases without an order. */
  referenceHistory?: (service: string, region: string) => string[];
};

const ROLLOUT_RANK: Record<RolloutState, number> = { complete: 0, paused: 1, progressing: 2, failed: 3 };

type Agg = { version: string; order?: number; deployer: string | null; commit: string | null; release: string | null; others: Set<string>; ready: number; desired: number; rollout: RolloutState; deployedAt: string | null; clusters: Set<string>; mainDesired: number };

function aggregate(workloads: Workload[]): Map<string, Agg> {
  const out = new Map<string, Agg>();
  for (const w of workloads) {
    const a = out.get(w.service);
    if (!a) {
      out.set(w.service, { version: w.version, order: w.order, deployer: w.deployer ?? null, commit: w.commit ?? null, release: w.release ?? null, others: new Set(), ready: w.readyReplicas, desired: w.desiredReplicas, rollout: w.rollout, deployedAt: w.deployedAt, clusters: new Set([w.cluster]), mainDesired: w.desiredReplicas });
      continue;
    }
    // The biggest workload names the version; the rest are listed beside it.
    if (w.desiredReplicas > a.mainDesired) {
      if (a.version !== w.version) a.others.add(a.version);
      a.version = w.version;
      a.order = w.order;
      // Provenance belongs to the version shown: the biggest workload's.
      a.deployer = w.deployer ?? null;
      a.commit = w.commit ?? null;
      a.release = w.release ?? null;
      a.mainDesired = w.desiredReplicas;
    } else if (w.version !== a.version) a.others.add(w.version);
    a.ready += w.readyReplicas;
    a.desired += w.desiredReplicas;
    if (ROLLOUT_RANK[w.rollout] > ROLLOUT_RANK[a.rollout]) a.rollout = w.rollout;
    if (w.deployedAt && (!a.deployedAt || w.deployedAt > a.deployedAt)) a.deployedAt = w.deployedAt;
    a.clusters.add(w.cluster);
  }
  for (const a of out.values()) a.others.delete(a.version);
  return out;
}

function newest(cands: Array<{ region: string; agg: Agg }>): { region: string; agg: Agg } | null {
  let best: { region: string; agg: Agg } | null = null;
  for (const c of cands) {
    if (!best) best = c;
    else if (c.agg.order !== undefined && best.agg.order !== undefined ? c.agg.order > best.agg.order : (compareVersions(c.agg.version, best.agg.version) ?? 0) > 0) best = c;
  }
  return best;
}

export function buildMatrixRows(input: MatrixInput): MatrixRow[] {
  const byRegion = new Map<string, Map<string, Agg>>();
  for (const region of input.regions) byRegion.set(region, aggregate(input.workloadsByRegion.get(region) ?? []));
  const rows: MatrixRow[] = [];
  for (const svc of input.services) {
    const present: Array<{ region: string; agg: Agg }> = [];
    for (const region of input.regions) {
      const agg = byRegion.get(region)?.get(svc.id);
      if (agg) present.push({ region, agg });
    }
    const active = Object.entries(svc.roles).find(([r, role]) => role === "active" && byRegion.get(r)?.has(svc.id))?.[0];
    const ref = active ? { region: active, agg: byRegion.get(active)!.get(svc.id)! } : newest(present);
    const history = ref && input.referenceHistory ? input.referenceHistory(svc.id, ref.region) : [];
    const cells: Record<string, MatrixCell> = {};
    let drift = false;
    let maxBehind: number | null = null;
    let lastDeployedAt: string | null = null;
    for (const region of input.regions) {
      const agg = byRegion.get(region)?.get(svc.id);
      const role = svc.roles[region] ?? null;
      if (!agg && !role) continue;
      const stale = input.staleRegions?.has(region) ?? false;
      if (!agg) {
        // Configured here but nothing runs: the region could not take over.
        const hasData = (input.workloadsByRegion.get(region)?.length ?? 0) > 0;
        cells[region] = { region, role, version: null, otherVersions: [], readyReplicas: 0, desiredReplicas: 0, rollout: null, deployedAt: null, deployer: null, commit: null, release: null, clusters: [], drift: hasData, lag: null, stale };
        drift ||= hasData;
        continue;
      }
      const isRef = ref?.region === region;
      const lag = ref && !isRef ? lagBehind(agg, ref.agg, history) : null;
      const cellDrift = !!ref && !isRef && (agg.version !== ref.agg.version || agg.others.size > 0);
      if (lag?.direction === "behind" && lag.releases !== null) maxBehind = Math.max(maxBehind ?? 0, lag.releases);
      if (agg.deployedAt && (!lastDeployedAt || agg.deployedAt > lastDeployedAt)) lastDeployedAt = agg.deployedAt;
      drift ||= cellDrift;
      cells[region] = {
        region, role, version: agg.version, otherVersions: [...agg.others], readyReplicas: agg.ready, desiredReplicas: agg.desired,
        rollout: agg.rollout, deployedAt: agg.deployedAt, deployer: agg.deployer, commit: agg.commit, release: agg.release, clusters: [...agg.clusters], drift: cellDrift, lag, stale,
      };
    }
    if (Object.keys(cells).length === 0) continue;
    rows.push({
      service: svc.id, name: svc.name, system: svc.system, systemName: svc.systemName, team: svc.team, tier: svc.tier,
      referenceRegion: ref?.region ?? null, referenceVersion: ref?.agg.version ?? null, drift, maxBehind, lastDeployedAt, cells,
    });
  }
  return rows;
}

export type MatrixPage = {
  /** Region columns in view (all, or the filtered one). */
  regions: string[];
  rows: MatrixRow[];
  total: number;
  driftCount: number;
  page: number;
  pageSize: number;
  pages: number;
};

function matches(row: MatrixRow, q: string): boolean {
  if (row.service.includes(q) || row.name.toLowerCase().includes(q) || row.systemName.toLowerCase().includes(q) || row.system.includes(q) || row.team.toLowerCase().includes(q)) return true;
  return Object.values(row.cells).some((c) => c.version?.toLowerCase().includes(q));
}

const collator = new Intl.Collator("en", { numeric: true });

/** Filters, sorts and pages the rows; the region filter also narrows the columns to that region. */
export function queryMatrix(rows: MatrixRow[], regions: string[], query: DeploymentMatrixQuery): MatrixPage {
  const q = query.q?.trim().toLowerCase();
  const region = query.region;
  const filtered = rows.filter((r) => {
    if (query.system && r.system !== query.system) return false;
    if (query.team && r.team !== query.team) return false;
    if (region && !r.cells[region]) return false;
    if (query.drift) {
      if (!r.drift) return false;
      // With a region in view, keep rows where that region drifts or is the one drifted from.
      if (region && !r.cells[region].drift && r.referenceRegion !== region) return false;
    }
    if (q && !matches(r, q)) return false;
    return true;
  });
  const dir = query.dir === "desc" ? -1 : 1;
  const byName = (a: MatrixRow, b: MatrixRow) => collator.compare(a.service, b.service);
  const key: Record<DeploymentMatrixQuery["sort"], (a: MatrixRow, b: MatrixRow) => number> = {
    service: byName,
    system: (a, b) => collator.compare(a.systemName, b.systemName) || byName(a, b),
    team: (a, b) => collator.compare(a.team, b.team) || byName(a, b),
    // Most drifted first when ascending: that is what people sort by drift for.
    drift: (a, b) => Number(b.drift) - Number(a.drift) || (b.maxBehind ?? -1) - (a.maxBehind ?? -1) || byName(a, b),
    deployed: (a, b) => (b.lastDeployedAt ?? "").localeCompare(a.lastDeployedAt ?? "") || byName(a, b),
  };
  const cmp = key[query.sort];
  filtered.sort((a, b) => cmp(a, b) * dir);
  return {
    regions: region ? regions.filter((r) => r === region) : regions,
    ...pageOf(filtered, query.page, query.pageSize),
    driftCount: filtered.filter((r) => r.drift).length,
  };
}
