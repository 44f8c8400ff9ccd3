import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildMatrixRows, queryMatrix, type MatrixService } from "./matrix";
import { deploymentMatrixQuery } from "./schemas";
import type { Workload } from "./types";
import { compareVersions, lagBehind } from "./version-order";

function w(service: string, region: string, version: string, over: Partial<Workload> = {}): Workload {
  return { service, region, cluster: `${region}-c1`, kind: "Deployment", version, image: `img/${service}:${version}`, chart: null, readyReplicas: 2, desiredReplicas: 2, rollout: "complete", deployedAt: "2025-01-01T00:00:00.000Z", ...over };
}

const svc = (id: string, roles: MatrixService["roles"], over: Partial<MatrixService> = {}): MatrixService => ({ id, name: id.toUpperCase(), system: "bcs", systemName: "BlockChain Solutions", team: "data", tier: "standard", roles, ...over });
const AD = { "eu-west-1": "active", "us-east-1": "dormant" } as const;
const regions = ["eu-west-1", "us-east-1"];
const q = (over: Record<string, string> = {}) => deploymentMatrixQuery.parse(over);

describe("version order", () => {
  it("compares semver-ish versions and refuses to guess for others", () => {
    expect(compareVersions("1.10.0", "1.9.3")).toBe(1);
    expect(compareVersions("v2.0.0", "2.0.0")).toBe(0);
    expect(compareVersions("2.0.0-rc.1", "2.0.0")).toBe(-1);
    expect(compareVersions("2024.11.3", "2024.11.10")).toBe(-1);
    expect(compareVersions("sha-4f2a9c", "1.0.0")).toBeNull();
  });
  it("counts releases behind from positions, else from the reference's history, else only the direction", () => {
    expect(lagBehind({ version: "1.3.0", order: 10 }, { version: "1.5.1", order: 13 })).toEqual({ direction: "behind", releases: 3 });
    expect(lagBehind({ version: "1.3.0" }, { version: "1.5.1" }, ["1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.5.1"])).toEqual({ direction: "behind", releases: 3 });
    // The history does not reach back to 1.3.0: the count would be a guess.
    expect(lagBehind({ version: "1.3.0" }, { version: "1.5.1" }, ["1.5.0", "1.5.1"])).toEqual({ direction: "behind", releases: null });
    expect(lagBehind({ version: "1.6.0" }, { version: "1.5.1" }, [])).toEqual({ direction: "ahead", releases: null });
    expect(lagBehind({ version: "main-abc" }, { version: "main-def" })).toEqual({ direction: "unknown", releases: null });
  });
});

describe("matrix building", () => {
  const services = [svc("indexer", AD), svc("explorer", AD, { team: "web" }), svc("multivac-api", { "eu-west-1": "active-active", "us-east-1": "active-active" }, { system: "multivac", systemName: "MultiVAC", team: "multivac" })];
  const workloads = new Map([
    ["eu-west-1", [w("indexer", "eu-west-1", "1.7.2", { order: 17 }), w("explorer", "eu-west-1", "2.1.0", { order: 21 }), w("multivac-api", "eu-west-1", "1.4.0", { order: 4 })]],
    ["us-east-1", [w("indexer", "us-east-1", "1.5.0", { order: 15, desiredReplicas: 1, readyReplicas: 1 }), w("explorer", "us-east-1", "2.1.0", { order: 21 }), w("multivac-api", "us-east-1", "1.5.0", { order: 5 })]],
  ]);
  const rows = buildMatrixRows({ regions, services, workloadsByRegion: workloads, staleRegions: new Set(["us-east-1"]) });

  it("compares each region with the active one and says how many releases behind", () => {
    const indexer = rows.find((r) => r.service === "indexer")!;
    expect(indexer).toMatchObject({ referenceRegion: "eu-west-1", referenceVersion: "1.7.2", drift: true, maxBehind: 2 });
    expect(indexer.cells["eu-west-1"]).toMatchObject({ drift: false, lag: null, role: "active" });
    expect(indexer.cells["us-east-1"]).toMatchObject({ version: "1.5.0", drift: true, lag: { direction: "behind", releases: 2 }, role: "dormant", readyReplicas: 1, desiredReplicas: 1, stale: true });
    expect(rows.find((r) => r.service === "explorer")).toMatchObject({ drift: false, maxBehind: null });
  });
  it("without an active region compares with the newest version", () => {
    const api = rows.find((r) => r.service === "multivac-api")!;
    expect(api.referenceRegion).toBe("us-east-1");
    expect(api.cells["eu-west-1"]).toMatchObject({ drift: true, lag: { direction: "behind", releases: 1 } });
  });
  it("a configured region with no workload is drift; several versions in one region are listed", () => {
    const extra = buildMatrixRows({
      regions,
      services: [svc("indexer", AD), svc("explorer", AD)],
      workloadsByRegion: new Map([
        ["eu-west-1", [w("indexer", "eu-west-1", "1.7.2"), w("explorer", "eu-west-1", "2.1.0")]],
        ["us-east-1", [w("indexer", "us-east-1", "1.7.2", { desiredReplicas: 3 }), w("indexer", "us-east-1", "1.6.0", { cluster: "b", desiredReplicas: 1 })]],
      ]),
    });
    expect(extra[0].cells["us-east-1"]).toMatchObject({ version: "1.7.2", otherVersions: ["1.6.0"], drift: true, desiredReplicas: 4, clusters: ["us-east-1-c1", "b"] });
    expect(extra[1].cells["us-east-1"]).toMatchObject({ version: null, drift: true });
  });
  it("filters by drift, region, system, team and search, sorts and pages", () => {
    expect(queryMatrix(rows, regions, q({ drift: "true" })).rows.map((r) => r.service)).toEqual(["indexer", "multivac-api"]);
    expect(queryMatrix(rows, regions, q({ drift: "true", sort: "service" })).rows.map((r) => r.service)).toEqual(["indexer", "multivac-api"]);
    const region = queryMatrix(rows, regions, q({ region: "us-east-1", drift: "1" }));
    expect(region.regions).toEqual(["us-east-1"]);
    // us-east-1 drifts for the indexer and is the newest (reference) for multivac-api.
    expect(region.rows.map((r) => r.service).sort()).toEqual(["indexer", "multivac-api"]);
    expect(queryMatrix(rows, regions, q({ team: "web" })).rows.map((r) => r.service)).toEqual(["explorer"]);
    expect(queryMatrix(rows, regions, q({ system: "multivac" })).total).toBe(1);
    expect(queryMatrix(rows, regions, q({ q: "1.5.0" })).rows.map((r) => r.service).sort()).toEqual(["indexer", "multivac-api"]);
    expect(queryMatrix(rows, regions, q({ q: "chain" })).total).toBe(2);
    expect(queryMatrix(rows, regions, q({ sort: "drift" })).rows.map((r) => r.service)).toEqual(["indexer", "multivac-api", "explorer"]);
    const paged = queryMatrix(rows, regions, q({ sort: "service", dir: "desc", pageSize: "2", page: "2" }));
    expect(paged).toMatchObject({ total: 3, pages: 2, page: 2 });
    expect(paged.rows.map((r) => r.service)).toEqual(["explorer"]);
    expect(queryMatrix(rows, regions, q({ page: "99" })).page).toBe(1);
  });
  it("refuses unknown filters and bad values", () => {
    expect(() => deploymentMatrixQuery.parse({ colour: "red" })).toThrow(z.ZodError);
    expect(() => deploymentMatrixQuery.parse({ sort: "random" })).toThrow(z.ZodError);
    expect(() => deploymentMatrixQuery.parse({ pageSize: "5000" })).toThrow(z.ZodError);
    expect(deploymentMatrixQuery.parse({ drift: "false" }).drift).toBe(false);
  });
  it("stays fast at 1,000 services × 20 regions", () => {
    const many = Array.from({ length: 20 }, (_, i) => `r-${i}`);
    const big = Array.from({ length: 1000 }, (_, i) => svc(`svc-${i}`, Object.fromEntries(many.map((r, j) => [r, j === i % 20 ? "active" : "dormant"]))));
    const wl = new Map(many.map((r, j) => [r, big.map((s, i) => w(s.id, r, `1.${(i + j) % 7}.0`, { order: (i + j) % 7 }))]));
    const t = performance.now();
    const built = buildMatrixRows({ regions: many, services: big, workloadsByRegion: wl });
    const page = queryMatrix(built, many, q({ drift: "true", q: "svc-1" }));
    expect(built).toHaveLength(1000);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe("who shipped what", () => {
  it("carries the deployer, commit and Helm release of the version shown, and null where the source does not say", () => {
    const rows = buildMatrixRows({
      regions,
      services: [svc("indexer", AD)],
      workloadsByRegion: new Map([
        ["eu-west-1", [w("indexer", "eu-west-1", "1.7.2", { deployer: "ci (dana)", commit: "9f3c2ab", release: "data/indexer", desiredReplicas: 4 }), w("indexer", "eu-west-1", "1.7.1", { deployer: "ci (lee)", commit: "1111111", desiredReplicas: 1 })]],
        ["us-east-1", [w("indexer", "us-east-1", "1.7.2")]],
      ]),
    });
    expect(rows[0].cells["eu-west-1"]).toMatchObject({ version: "1.7.2", deployer: "ci (dana)", commit: "9f3c2ab", release: "data/indexer", rollout: "complete" });
    expect(rows[0].cells["us-east-1"]).toMatchObject({ deployer: null, commit: null, release: null });
  });
});
