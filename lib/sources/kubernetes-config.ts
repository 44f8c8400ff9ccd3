import "server-only";
import { readFileSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { createKubernetes, KubernetesError, loadKubeContext, type Kubernetes } from "./kubernetes";

// Which clusters a kubernetes source reads and how to reach them: shared by the inventory and
// deployments jobs and the failover scaler, so none of them reaches into another domain for it.

export type Cluster = MeridianConfig["clusters"][number];

/** The clusters a kubernetes source reads: those with a context (kind kubernetes uses its id). */
export function kubernetesClusters(config: MeridianConfig, source: SourceConfig): Array<Cluster & { context: string }> {
  return config.clusters
    .filter((c) => !source.regions || source.regions.includes(c.region))
    .flatMap((c) => (c.context ? [{ ...c, context: c.context }] : c.kind === "kubernetes" ? [{ ...c, context: c.id }] : []));
}

/** Reads the kubeconfig file on every collection, so rotated credentials are picked up. */
export function kubernetesFor(source: SourceConfig, context: string): Kubernetes {
  return createKubernetes(loadSourceKubeConfig(source, context), { context, timeoutMs: source.timeout });
}

/** The source's kubeconfig file, read now, set to one context (also used by the failover scaler). */
export function loadSourceKubeConfig(source: SourceConfig, context: string): KubeConfig {
  const file = source.kubeconfig;
  if (!file) throw new KubernetesError("kubeconfig", context, `source "${source.name}" has no kubeconfig path`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new KubernetesError("kubeconfig", context, `cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  return loadKubeContext(text, context, file);
}

/** "namespace/name" → service id from services[].workload. */
export function workloadMapOf(config: MeridianConfig): Record<string, string> {
  const map: Record<string, string> = {};
  for (const sys of config.systems) for (const svc of sys.services) if (svc.workload) map[svc.workload] = svc.id;
  return map;
}
