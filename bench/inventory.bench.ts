// Inventory and versions at scale: a 20-region × 1,000-service demo fleet (config/demo.yaml plus
// demo.size). The built console's server render of /deployments and /regions and GET
// /api/v1/deployments, against a baseline in this process: the same snapshots read straight
// from a real PostgreSQL and serialised. Run `npx next build` first.
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { configSchema } from "@/lib/config/schema";
import { expandDemoConfig } from "@/lib/config/expand-demo-size";
import { demoFleet } from "@/lib/demo/fleet";
import { demoRegionInventory } from "@/lib/demo/inventory";
import { initialFleetState } from "@/lib/demo/state";
import { demoWorkloads } from "@/lib/demo/versions";
import { listSnapshots, saveSnapshots } from "@/lib/snapshots/store";
import { measure, startBenchConsole, startBenchDatabase, type BenchResult } from "./support";

const SIZE = { regions: 20, services: 1000 };

function benchConfigYaml(): string {
  const doc = parse(readFileSync("config/demo.yaml", "utf8")) as { demo?: Record<string, unknown> };
  doc.demo = { ...(doc.demo ?? {}), size: SIZE };
  return stringify(doc);
}

/** The same fleet's snapshots written to a real PostgreSQL, read back and serialised: what any page must at least do. */
async function baseline(yaml: string): Promise<BenchResult[]> {
  const config = expandDemoConfig(configSchema.parse(parse(yaml)));
  const database = await startBenchDatabase();
  try {
    const now = Date.now();
    const fleet = demoFleet(config, initialFleetState(new Date(now)), now);
    const regions = config.regions.map((r) => r.id);
    const writes = regions.flatMap((region) => [
      { kind: "deployments", key: region, data: { region, workloads: demoWorkloads(fleet.topology, region, now, fleet.opts, () => 1) } },
      { kind: "inventory", key: region, data: demoRegionInventory(fleet, region) },
    ]);
    await saveSnapshots("demo", new Date(now), writes);
    const cells = writes.filter((w) => w.kind === "deployments").reduce((n, w) => n + (w.data as { workloads: unknown[] }).workloads.length, 0);
    return [
      await measure("inventory: baseline deployments snapshots read + JSON (PostgreSQL)", 50, async () => JSON.stringify(await listSnapshots("deployments")), `${cells} cells`),
      await measure("inventory: baseline inventory snapshots read + JSON (PostgreSQL)", 50, async () => JSON.stringify(await listSnapshots("inventory"))),
    ];
  } finally {
    await database.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const yaml = benchConfigYaml();
  const results = await baseline(yaml);
  const console = await startBenchConsole({ config: yaml });
  try {
    // Wait until the collector has stored every region (the first run also backfills 30 days of history).
    const started = Date.now();
    let collected = 0;
    while (Date.now() - started < 600_000) {
      const res = await fetch(`${console.baseUrl}/api/v1/sources`, { headers: { cookie: console.cookie } });
      if (res.ok) {
        const body = (await res.json()) as { sources?: Array<{ name: string; lastSuccessAt: string | null }> } | Array<{ name: string; lastSuccessAt: string | null }>;
        const list = Array.isArray(body) ? body : (body.sources ?? []);
        collected = list.filter((s) => /^demo\/(deployments|inventory)\//.test(s.name) && s.lastSuccessAt).length;
        if (collected >= SIZE.regions * 2) break;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    const ready = `${collected}/${SIZE.regions * 2} jobs collected after ${Math.round((Date.now() - started) / 1000)} s`;
    const api = await console.get("/api/v1/deployments?pageSize=50");
    const total = ((await (await fetch(api.url, { headers: { cookie: console.cookie } })).json()) as { total: number }).total;
    results.push(
      await measure("inventory: GET /api/v1/deployments (50 rows × 20 regions)", 60, () => console.get("/api/v1/deployments"), `${total} services; ${ready}`),
      await measure("inventory: GET /api/v1/deployments?drift=true&q=svc-1", 60, () => console.get("/api/v1/deployments?drift=true&q=svc-1")),
      await measure("inventory: render /deployments", 50, () => console.get("/deployments")),
      await measure("inventory: render /deployments?sort=drift&page=3", 50, () => console.get("/deployments?sort=drift&page=3")),
      await measure("inventory: render /regions", 50, () => console.get("/regions")),
      await measure("inventory: GET /api/v1/regions", 50, () => console.get("/api/v1/regions")),
    );
  } finally {
    await console.stop();
  }
  return results;
}
