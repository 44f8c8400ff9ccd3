import type { MeridianConfig } from "./schema";

// Real-ish AWS region ids for synthetic fleets (benchmarks run 20 × 1,000).
const EXTRA_REGIONS = [
  "us-east-1", "eu-west-1", "us-west-2", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "us-east-2", "eu-west-2",
  "ap-south-1", "sa-east-1", "ca-central-1", "eu-north-1", "ap-southeast-2", "us-west-1", "eu-west-3", "ap-northeast-2",
  "eu-south-1", "me-south-1", "af-south-1", "ap-east-1", "ap-northeast-3", "eu-central-2", "il-central-1", "mx-central-1",
];

/**
 * Part of loading the configuration (lib/config/store.ts), not of the demo fleet's simulation:
 * `demo.size` grows the declared fleet with synthetic regions, clusters and services, so the
 * same code paths can be measured at 20 regions × 1,000 services.
 */
export function expandDemoConfig(config: MeridianConfig): MeridianConfig {
  const size = config.demo?.size;
  if (!size) return config;
  const regions = [...config.regions];
  for (const id of EXTRA_REGIONS) {
    if (regions.length >= size.regions) break;
    if (!regions.some((r) => r.id === id)) regions.push({ id, name: id, provider: "aws" });
  }
  const clusters = [...config.clusters];
  for (const r of regions) if (!clusters.some((c) => c.region === r.id)) clusters.push({ id: `synthetic-${r.id}`, region: r.id, kind: "eks" });
  const declared = config.systems.reduce((n, s) => n + s.services.length, 0);
  const systems = [...config.systems];
  const missing = Math.max(0, size.services - declared);
  const perSystem = 50;
  for (let s = 0; s * perSystem < missing; s++) {
    const services = [];
    for (let i = s * perSystem; i < Math.min(missing, (s + 1) * perSystem); i++) {
      const active = regions[i % regions.length].id;
      const roles: Record<string, "active" | "dormant" | "active-active"> = {};
      for (const r of regions) roles[r.id] = r.id === active ? "active" : "dormant";
      services.push({ id: `svc-${i}`, name: `Service ${i}`, team: `team-${s % 12}`, stateful: i % 7 === 0, tier: "standard" as const, regions: roles });
    }
    systems.push({ id: `synthetic-${s}`, name: `Synthetic ${s}`, team: `team-${s % 12}`, services });
  }
  return { ...config, regions, clusters, systems };
}
