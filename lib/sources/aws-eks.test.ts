import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEksServer, type EksServer } from "@/tests/support/eks-server";
import { createEks, EksError } from "./aws-eks";

const CREATED = Date.parse("2024-03-01T10:00:00Z");
let server: EksServer;

function eks(timeoutMs = 2000) {
  return createEks({ region: "us-east-1", accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, timeoutMs, maxAttempts: 1, pageSize: 2 });
}

beforeAll(async () => {
  server = await startEksServer([
    {
      name: "prod-use1",
      version: "1.31",
      createdAt: CREATED,
      nodegroups: [
        { name: "system", instanceTypes: ["m6i.large"], desired: 2, min: 2, max: 4 },
        { name: "workloads", instanceTypes: ["m6i.2xlarge", "m6a.2xlarge"], desired: 6, min: 3, max: 20 },
        { name: "batch", instanceTypes: ["c6i.4xlarge"], desired: 0, min: 0, max: 10, status: "DEGRADED" },
      ],
    },
    { name: "tools-use1", version: "1.30", createdAt: CREATED, nodegroups: [] },
    { name: "edge-use1", version: "1.31", createdAt: CREATED, nodegroups: [] },
  ]);
});
afterAll(() => server.close());
beforeEach(() => {
  server.mode = "ok";
  server.requests.length = 0;
});

describe("EKS through the real SDK client", () => {
  it("lists every cluster across nextToken pages (3 clusters at 2 per page)", async () => {
    expect(await eks().listClusterNames()).toEqual(["prod-use1", "tools-use1", "edge-use1"]);
    expect(server.requests.map((r) => r.url)).toEqual(["/clusters?maxResults=2", "/clusters?maxResults=2&nextToken=tok-2"]);
  });

  it("describes a cluster with its node groups, scaling config and health", async () => {
    const c = await eks().describeCluster("prod-use1");
    expect(c).toMatchObject({ name: "prod-use1", version: "1.31", status: "ACTIVE", createdAt: "2024-03-01T10:00:00.000Z" });
    expect(c.nodegroups.map((n) => n.name)).toEqual(["system", "workloads", "batch"]);
    expect(c.nodegroups[1]).toEqual({ name: "workloads", status: "ACTIVE", instanceTypes: ["m6i.2xlarge", "m6a.2xlarge"], desired: 6, min: 3, max: 20, healthIssues: [] });
    expect(c.nodegroups[2].healthIssues[0]).toMatch(/AsgInstanceLaunchFailures/);
    expect(String(server.requests[0].headers.authorization)).toMatch(/Credential=AKIDTEST\/\d{8}\/us-east-1\/eks\//);
  });

  it("an unknown cluster is a not-found error naming it", async () => {
    const err = await eks().describeCluster("nope").catch((e: unknown) => e);
    expect((err as EksError).kind).toBe("not-found");
    expect((err as EksError).message).toMatch(/nope/);
  });

  it("invalid token and access denied are auth errors", async () => {
    server.mode = "invalid-token";
    const e1 = (await eks().listClusters().catch((e: unknown) => e)) as EksError;
    expect(e1).toBeInstanceOf(EksError);
    expect([e1.kind, e1.code]).toEqual(["auth", "UnrecognizedClientException"]);
    server.mode = "denied";
    const e2 = (await eks().listClusters().catch((e: unknown) => e)) as EksError;
    expect([e2.kind, e2.code]).toEqual(["auth", "AccessDeniedException"]);
    expect(e2.message).toMatch(/HTTP 403/);
  });

  it("a slow answer times out", async () => {
    server.mode = "slow";
    const err = (await eks(300).listClusters().catch((e: unknown) => e)) as EksError;
    expect(err.kind).toBe("timeout");
  });
});
