import type { ArcServer } from "./arc-server";
import type { KubeServer } from "./kubernetes-api-server";
import type { RdsServer } from "./rds-server";
import type { Route53Server } from "./route53-server";

/** The Leaderboard's infrastructure as the fake AWS and Kubernetes servers hold it before a failover. */
export const LEADERBOARD = {
  euCluster: "arn:aws:rds:eu-west-1:123456789012:cluster:leaderboard-euw1",
  usCluster: "arn:aws:rds:us-east-1:123456789012:cluster:leaderboard-use1",
  zone: "Z0LEADERBOARD",
  controls: { eu: "arn:aws:route53-recovery-control::1:controlpanel/x/routingcontrol/euw1", us: "arn:aws:route53-recovery-control::1:controlpanel/x/routingcontrol/use1" },
} as const;

/** eu-west-1 writes and takes all traffic; us-east-1 is a reader with one replica and weight 0. */
export function resetLeaderboardWorld({ rds, r53, kube, arc }: { rds: RdsServer; r53: Route53Server; kube: KubeServer; arc: ArcServer }): void {
  const { euCluster: EU, usCluster: US, zone, controls } = LEADERBOARD;
  rds.requests.length = 0;
  rds.globalClusters.set("leaderboard", { id: "leaderboard", status: "available", failover: null, members: [{ arn: EU, isWriter: true, readers: [US] }, { arn: US, isWriter: false, readers: [] }] });
  r53.fault = null;
  r53.zones.set(zone, [
    { name: "api.leaderboard.example.com.", type: "CNAME", setIdentifier: "eu-west-1", weight: 100, ttl: 60, values: ["lb-euw1.elb.amazonaws.com"] },
    { name: "api.leaderboard.example.com.", type: "CNAME", setIdentifier: "us-east-1", weight: 0, ttl: 60, values: ["lb-use1.elb.amazonaws.com"] },
  ]);
  kube.scales.set("deployments/leaderboard/leaderboard-api", 1);
  arc.controls.set(controls.eu, { name: "euw1", state: "On" });
  arc.controls.set(controls.us, { name: "use1", state: "Off" });
  arc.atLeastOn = null;
}
