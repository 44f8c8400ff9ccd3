import type { SourceConfig } from "@/lib/config/schema";
export type RolloutState = "complete" | "progressing" | "failed" | "paused";

/** One workload of a service in one region, as a source reports it. */
export type Workload = {
  service: string;
  region: string;
  cluster: string;
  kind: "Deployment" | "StatefulSet" | "DaemonSet";
  /** image tag, Helm chart version or app.kubernetes.io/version, in that order of preference */
  version: string;
  image: string;
  chart: string | null;
  readyReplicas: number;
  desiredReplicas: number;
  rollout: RolloutState;
  deployedAt: string | null;
  /** Who shipped this version, its commit and the Helm release, where the source says; absent in older snapshots. */
  deployer?: string | null;
  commit?: string | null;
  release?: string | null;
  /** Position in the service's release sequence when the source knows it (the demo's release index). */
  order?: number;
};

export type RegionDeployments = { region: string; workloads: Workload[] };

/** Reads what runs in one region. One implementation per source kind (demo, kubernetes). */
export interface DeploymentSource {
  getDeployments(region: string, signal: AbortSignal): Promise<RegionDeployments>;
}

/** What lib/deployments asks the composition root for (lib/server/registry.ts): the workloads of a source read region by region. */
export type DeploymentsProviders = { deploymentSource(source: SourceConfig): DeploymentSource };

/** The snapshot kind the deployments collector writes. */
export const DEPLOYMENTS_KIND = "deployments";
