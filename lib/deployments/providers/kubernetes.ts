import { SourceUnavailableError } from "@/lib/http/errors";
import type { Kubernetes } from "@/lib/sources/kubernetes";
import type { DeploymentSource, Workload } from "../types";

export type KubeClusterRef = { id: string; region: string; context: string };

/**
 * Workloads of every configured cluster in a region, read through its kubeconfig context.
 * `kubeFor` builds (and may cache) the client; a bad kubeconfig throws from it and counts as
 * that cluster failing. If any cluster of the region fails the read fails, so the collector keeps
 * the region's last-known snapshot instead of showing that cluster's services as gone.
 */
export function createKubernetesDeploymentSource(opts: {
  clusters: KubeClusterRef[];
  kubeFor: (cluster: KubeClusterRef) => Kubernetes;
  /** "namespace/name" → service id, from services[].workload in config. */
  workloadMap?: Record<string, string>;
}): DeploymentSource {
  return {
    async getDeployments(region, signal) {
      const clusters = opts.clusters.filter((c) => c.region === region);
      const results = await Promise.allSettled(
        clusters.map(async (c) => opts.kubeFor(c).listWorkloads({ region, cluster: c.id, workloadMap: opts.workloadMap }, signal)),
      );
      const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${clusters[i].id}: ${(r.reason as Error).message}`] : []));
      if (failed.length) throw new SourceUnavailableError(failed.join("; "), { source: "kubernetes", region, clusters: failed.length });
      const workloads: Workload[] = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
      return { region, workloads };
    },
  };
}
