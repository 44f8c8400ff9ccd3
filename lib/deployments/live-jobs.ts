import "server-only";
import type { CollectionJob } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { jobNameOf } from "@/lib/snapshots/parts";
import { kubernetesClusters, kubernetesFor, workloadMapOf } from "@/lib/sources/kubernetes-config";
import { DEPLOYMENTS_KIND, type RegionDeployments } from "./types";

/** Workloads and versions per configured cluster, one job each (keys "<region>/<cluster>"), as the inventory jobs read the same clusters. */
export function kubernetesDeploymentJobs(config: MeridianConfig, source: SourceConfig, afterSave?: CollectionJob["afterSave"]): CollectionJob[] {
  return kubernetesClusters(config, source).map((cluster): CollectionJob => {
    const key = `${cluster.region}/${cluster.id}`;
    return {
      name: jobNameOf(source.name, DEPLOYMENTS_KIND, key),
      source,
      intervalMs: source.interval,
      timeoutMs: source.timeout,
      async collect(signal) {
        const kube = kubernetesFor(source, cluster.context);
        const workloads = await kube.listWorkloads({ region: cluster.region, cluster: cluster.id, workloadMap: workloadMapOf(config) }, signal);
        const data: RegionDeployments = { region: cluster.region, workloads };
        return [{ kind: DEPLOYMENTS_KIND, key, data }];
      },
      afterSave,
    };
  });
}
