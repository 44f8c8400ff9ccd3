import "server-only";
import { collectorDomains } from "@/lib/collector/domains";
import { collectAllNow } from "@/lib/collector/scheduler";
import type { SourceConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { createCostExplorerReader } from "@/lib/costs/cost-reader";
import { checkExecutorCredentials } from "@/lib/failovers/check-executor-credentials";
import { createLiveStepExecutors } from "@/lib/failovers/live-executors";
import { createLiveProbes } from "@/lib/failovers/live-probes";
import { createLiveProviders } from "@/lib/failovers/live-providers";
import { predictLivePath } from "@/lib/failovers/preflight";
import { SourceUnavailableError } from "@/lib/http/errors";
import { createLiveLagSource } from "@/lib/replication/providers/live";
import { createLiveSliSource } from "@/lib/slos/providers/live";
import { awsEvidenceSource } from "@/lib/topology/providers/aws";
import type { ProviderRegistry } from "./registry-types";

const cannot = (source: SourceConfig, what: string) => new SourceUnavailableError(`source ${source.name} (${source.kind}) cannot ${what}`);

/** Every provider built on lib/sources: what a configuration without a demo source runs on. */
export function createLiveRegistry(): ProviderRegistry {
  return {
    mode: "live",
    slos: { sliSource: createLiveSliSource },
    replication: { lagSource: (source) => createLiveLagSource(source), modelledBackupAt: null },
    costs: {
      costReader: async (source, opts) => {
        if (source.kind !== "cost-explorer") throw cannot(source, "answer costs");
        return createCostExplorerReader(source, opts);
      },
    },
    // Live inventory and deployments are read per cluster (lib/regions/live-jobs.ts), not region by region.
    regions: {
      inventorySource: (source) => {
        throw cannot(source, "read inventory region by region");
      },
    },
    deployments: {
      deploymentSource: (source) => {
        throw cannot(source, "read deployments region by region");
      },
    },
    topology: {
      evidenceSource: (source) => {
        if (source.kind !== "aws") throw cannot(source, "say where services are active");
        return awsEvidenceSource;
      },
    },
    collection: { jobNames: (config) => collectorDomains.flatMap((d) => d.jobsFor(config).map((j) => j.name)) },
    failovers: {
      predictPath: predictLivePath,
      checkCredentials: (config, runbook, to) => checkExecutorCredentials(config, runbook, to),
      missingForRun: (config, runbook, to) => {
        const providers = createLiveProviders(config, { runbook, to });
        return "missing" in providers ? providers.missing : [];
      },
      execution: (runbook, run, _actor, opts) => {
        const providers = createLiveProviders(getConfig(), { runbook, to: run.toRegion });
        if ("missing" in providers) throw new Error(`live failover executors are not configured: set ${providers.missing.join("; ")}`);
        const probes = createLiveProbes(runbook, run.fromRegion, run.toRegion);
        return {
          executors: createLiveStepExecutors(runbook, { providers, ...probes, pollMs: opts.livePollMs }),
          measureLagSeconds: probes.measureLagSeconds,
          // Pages read snapshots: collect the live sources after the fleet moved.
          collect: () => collectAllNow(),
        };
      },
    },
  };
}
