import "server-only";
import { collectAllNow } from "@/lib/collector/scheduler";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { createDemoCostReader, demoSourceFor } from "@/lib/costs/providers/demo";
import { getDemoLastBackupAt } from "@/lib/demo/backups";
import { getDemoFailoverPath } from "@/lib/demo/failover";
import { createDemoDeploymentSource } from "@/lib/deployments/providers/demo";
import { createDemoLagMeasure, createDemoStepExecutors } from "@/lib/failovers/providers/demo";
import { createDemoInventorySource } from "@/lib/regions/providers/demo";
import { createDemoLagSource } from "@/lib/replication/providers/demo";
import { createDemoSliSource } from "@/lib/slos/providers/demo";
import { createDemoEvidenceSource } from "@/lib/topology/providers/demo";
import { loadDemoFleet } from "./demo-fleet";
import { seedDemoFleet } from "./demo-seed";
import type { ProviderRegistry } from "./registry-types";

/**
 * A demo configuration: its demo sources answer from the simulated fleet, every other source as in
 * the live registry (a demo may name a real Prometheus for one link), and the failover steps move
 * the simulated fleet. The fleet is loaded per read, so a scenario change applies at once.
 */
export function createDemoRegistry(config: MeridianConfig, live: ProviderRegistry): ProviderRegistry {
  const loadFleet = (at?: number) => loadDemoFleet(at);
  const isDemo = (source: SourceConfig) => source.kind === "demo";
  const seed = config.demo?.seed ?? 42;
  const inventory = createDemoInventorySource(() => loadFleet());
  const deployments = createDemoDeploymentSource(() => loadFleet());
  const evidence = createDemoEvidenceSource(() => loadFleet());
  return {
    mode: "demo",
    slos: { sliSource: (source) => (isDemo(source) ? createDemoSliSource(() => loadFleet()) : live.slos.sliSource(source)) },
    replication: {
      lagSource: (source, opts = {}) => {
        if (!isDemo(source)) return live.replication.lagSource(source, opts);
        // A collection cycle reads the fleet once for all its links.
        if (opts.pinnedAt === undefined) return createDemoLagSource((at) => loadFleet(at));
        const pinned = loadFleet(opts.pinnedAt);
        return createDemoLagSource(() => pinned);
      },
      modelledBackupAt: (service, now) => getDemoLastBackupAt(seed, service, now),
    },
    costs: {
      costReader: async (source, opts) => {
        if (!isDemo(source)) return live.costs.costReader(source, opts);
        const fleet = await loadFleet(opts.now?.());
        return createDemoCostReader(fleet, demoSourceFor(fleet), source.name);
      },
    },
    regions: { inventorySource: (source) => (isDemo(source) ? inventory : live.regions.inventorySource(source)) },
    deployments: { deploymentSource: (source) => (isDemo(source) ? deployments : live.deployments.deploymentSource(source)) },
    topology: { evidenceSource: (source) => (isDemo(source) ? evidence : live.topology.evidenceSource(source)) },
    collection: live.collection,
    failovers: {
      predictPath: async (from) => getDemoFailoverPath(await loadFleet(), from),
      // The simulated fleet's steps call nothing outside: no credentials to check, nothing missing.
      checkCredentials: async () => [],
      missingForRun: () => [],
      execution: (runbook, run, actor) => ({
        executors: createDemoStepExecutors(runbook, { actor, runId: run.id, loadFleet }),
        measureLagSeconds: createDemoLagMeasure(runbook, loadFleet),
        collect: () => collectAllNow((job) => job.source.kind === "demo"),
      }),
    },
    seed: async () => {
      await seedDemoFleet(config);
    },
  };
}
