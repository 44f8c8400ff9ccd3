import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { createLiveProviders, getProviderNeeds } from "./live-providers";

// Which credentials a runbook needs, and what is named when they are not there.

const runbook = {
  service: "api",
  steps: [
    { type: "promote", method: "aurora-global", globalCluster: "g", targetCluster: { "us-east-1": "arn:us", "eu-west-1": "arn:eu" } },
    { type: "scale", cluster: { "us-east-1": "use1", "eu-west-1": "euw1" }, workloads: [{ namespace: "n", name: "api", replicas: 2 }] },
    { type: "shift-traffic", method: "route53-weighted", hostedZoneId: "Z", record: "api.example.com", sets: { "us-east-1": { setIdentifier: "us", values: ["a"] }, "eu-west-1": { setIdentifier: "eu", values: ["b"] } } },
  ],
};

function config(sources: unknown[]) {
  return configSchema.parse({
    version: 1,
    regions: [
      { id: "eu-west-1", name: "Ireland" },
      { id: "us-east-1", name: "N. Virginia" },
    ],
    clusters: [
      { id: "use1", region: "us-east-1", kind: "kubernetes" },
      { id: "euw1", region: "eu-west-1", kind: "kubernetes" },
    ],
    sources,
    systems: [{ id: "s", name: "S", team: "t", services: [{ id: "api", name: "API", team: "t", regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
    runbooks: [runbook],
  });
}

describe("createLiveProviders", () => {
  it("needs only what a run to the target calls", () => {
    const cfg = config([{ name: "demo-less", kind: "prometheus", url: "http://prom:9090" }]);
    const needs = getProviderNeeds(cfg.runbooks, "us-east-1");
    expect([...needs.rdsRegions]).toEqual(["us-east-1"]);
    expect([...needs.clusters]).toEqual(["use1"]);
    expect(needs).toMatchObject({ route53: true, arc: false });
  });

  it("names the missing aws and kubernetes sources", () => {
    const out = createLiveProviders(config([{ name: "prom", kind: "prometheus", url: "http://prom:9090" }]), { to: "us-east-1", resolveSecret: () => "x" });
    expect(out).toEqual({
      missing: [
        'a source of kind "aws" for us-east-1 (RDS promotion)',
        'a source of kind "aws" (Route 53)',
        'a source of kind "kubernetes" covering cluster use1, and clusters.use1.context',
      ],
    });
  });

  it("names each unset environment variable once, with where it is configured", () => {
    const cfg = config([
      { name: "aws", kind: "aws", accessKeyId: "env:FO_KEY", secretAccessKey: "env:FO_SECRET" },
      { name: "kube", kind: "kubernetes" },
    ]);
    const out = createLiveProviders(cfg, { to: "us-east-1", resolveSecret: (n) => (n === "FO_KEY" ? "AKID" : undefined) });
    expect(out).toEqual({ missing: ["FO_SECRET (sources.aws.secretAccessKey)", "sources.kube.kubeconfig (for cluster use1)"] });
  });

  it("builds clients when everything is set; a region-scoped aws source serves its region", () => {
    const cfg = config([
      { name: "aws-us", kind: "aws", regions: ["us-east-1"], accessKeyId: "env:K", secretAccessKey: "env:S", endpoints: { rds: "http://127.0.0.1:1", route53: "http://127.0.0.1:2" } },
      { name: "kube", kind: "kubernetes", kubeconfig: "package.json" },
    ]);
    const out = createLiveProviders(cfg, { to: "us-east-1", resolveSecret: () => "x" });
    expect("missing" in out).toBe(false);
    if ("missing" in out) return;
    expect(typeof out.rds("us-east-1").describeGlobalCluster).toBe("function");
    expect(typeof out.route53().changeRecordSets).toBe("function");
    expect(() => out.rds("eu-west-1")).toThrow(/no credentials for RDS in eu-west-1/);
  });
});
