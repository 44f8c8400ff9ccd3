import type { ServiceRole, SourceConfig } from "@/lib/config/schema";

/** `unreachable`: the region's sources missed their interval, so nothing current is known (shown red, like down). */
export type Health = "healthy" | "degraded" | "down" | "unreachable" | "unknown";

export type NodeGroupInventory = { name: string; instanceType: string; desired: number; min: number; max: number; ready: number };

export type ClusterInventory = {
  id: string;
  region: string;
  kind: "eks" | "kubernetes";
  version: string;
  status: "ok" | "degraded" | "unreachable";
  nodeGroups: NodeGroupInventory[];
  nodes: number;
  allocatable: { cpu: number; memoryGiB: number };
  requested: { cpu: number; memoryGiB: number };
  /** false when nothing reported capacity (an EKS cluster without a Kubernetes source): the zeros are unknown, not empty. */
  capacityKnown?: boolean;
};

export type ServicePlacement = {
  service: string;
  role: ServiceRole;
  health: Health;
  readyReplicas: number;
  desiredReplicas: number;
  /** Share of the service's traffic this region serves now, 0–1. */
  trafficShare: number;
};

export type RegionInventory = {
  region: string;
  health: Health;
  clusters: ClusterInventory[];
  services: ServicePlacement[];
  /** When this part's health last changed (lib/regions/health-since.ts). */
  healthSince?: string;
};

/** Reads one region's clusters and service placement. One implementation per source kind. */
export interface InventorySource {
  getRegionInventory(region: string, signal: AbortSignal): Promise<RegionInventory>;
}

/** What lib/regions asks the composition root for (lib/server/registry.ts): per-region inventory of a source read region by region. */
export type RegionsProviders = { inventorySource(source: SourceConfig): InventorySource };

/** The snapshot kind the inventory collector writes. */
export const INVENTORY_KIND = "inventory";
