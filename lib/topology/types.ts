import type { MeridianConfig, ServiceRole } from "@/lib/config/schema";

export type { ServiceRole } from "@/lib/config/schema";

/** Role per region of one service, e.g. { eu-west-1: active, us-east-1: dormant }. */
export type RoleMap = Record<string, ServiceRole>;

/** Why an assignment was recorded. */
export const ASSIGNMENT_CAUSES = ["configuration", "failover-run", "manual", "detected"] as const;
export type AssignmentCause = (typeof ASSIGNMENT_CAUSES)[number];

/** One stretch of time over which a service's roles did not change. */
export type RolePeriod = {
  from: number;
  /** null: still in force. */
  to: number | null;
  roles: RoleMap;
  cause: AssignmentCause;
  failoverRunId: string | null;
  actorName: string | null;
  reason: string | null;
};

/** Roles of any service at any time, and when they change: the recorded history, or the demo fleet's world on top of it. */
export interface RoleResolver {
  rolesAt(service: string, t: number): RoleMap;
  /** Times in (from, to) at which the service's roles change, ascending. */
  changesBetween(service: string, from: number, to: number): number[];
}

export type TopologyService = {
  id: string;
  name: string;
  system: string;
  systemName: string;
  team: string;
  stateful: boolean;
  tier: "critical" | "standard";
  roles: RoleMap;
  activeRegion: string | null;
};

/** The fleet at one moment: configured regions and clusters, services with their roles then. */
export type Topology = {
  at: number;
  regions: MeridianConfig["regions"];
  clusters: MeridianConfig["clusters"];
  services: TopologyService[];
};
