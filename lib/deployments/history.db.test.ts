import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import type { CollectionJob } from "@/lib/collector/types";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import type { SnapshotWrite } from "@/lib/snapshots/store";
import { recordDeploymentEvents, resetLastVersions } from "./record-events";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { backfillDemoHistory } from "./providers/demo-history";
import { loadDemoFleet } from "@/lib/server/demo-fleet";
import { getDeploymentMatrix, getServiceHistory, listDeploymentEvents } from "./queries";
import { deploymentMatrixQuery } from "./schemas";
import { startProviders } from "@/lib/server/registry";

const DAY = 86_400_000;

const collectAllNow = (filter: (job: CollectionJob) => boolean = () => true) => Promise.all(buildJobs().filter(filter).map((job) => runJob(job, "test", { force: true })));

describe("deployment history", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    resetLastVersions();
    setConfigForProcess(loadConfigFile("config/demo.yaml"));
  });
  afterAll(async () => database?.stop());

  it("backfills 30 days of demo releases on the first collection, once", async () => {
    // The fleet state row is created on first read; two regions collecting at once would race for it.
    await startProviders();
    const outcomes = await collectAllNow((job) => job.name.startsWith("demo/deployments/"));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const count = await database.db.deploymentEvent.count();
    expect(count).toBeGreaterThan(30);
    expect(await backfillDemoHistory(() => loadDemoFleet(), ["eu-west-1", "us-east-1"])).toBe(0);
    await collectAllNow((job) => job.name.startsWith("demo/deployments/"));
    expect(await database.db.deploymentEvent.count()).toBe(count);
  });

  it("lists events in [from, to), oldest first, by service and region", async () => {
    const now = new Date();
    const all = await listDeploymentEvents({ from: new Date(now.getTime() - 31 * DAY), to: now });
    expect(all.length).toBeGreaterThan(30);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort());
    const one = await listDeploymentEvents({ from: new Date(now.getTime() - 31 * DAY), to: now, service: "indexer", region: "us-east-1" });
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((e) => e.service === "indexer" && e.region === "us-east-1")).toBe(true);
    // Each event names the version before it.
    for (let i = 1; i < one.length; i++) expect(one[i].previousVersion).toBe(one[i - 1].version);
    // Each event says who shipped it and from which commit, as the live snapshot does for the same release.
    for (const e of all) expect(e).toMatchObject({ deployer: expect.stringMatching(/\S/), commit: expect.stringMatching(/^[0-9a-f]{7}$/) });
    const boundary = one[0].at;
    expect(await listDeploymentEvents({ from: new Date(boundary), to: new Date(boundary), service: "indexer" })).toEqual([]);
    expect((await listDeploymentEvents({ from: new Date(boundary), to: new Date(Date.parse(boundary) + 1), service: "indexer", region: "us-east-1" })).map((e) => e.at)).toEqual([boundary]);
  });

  it("records the deployer and commit a collected workload carries, and null (unknown) where the source does not say", async () => {
    const at = new Date();
    const workload = (service: string, version: string, extra: object) => ({ service, region: "eu-west-1", cluster: "c1", kind: "Deployment" as const, version, image: `x/${service}:${version}`, chart: null, readyReplicas: 1, desiredReplicas: 1, rollout: "complete" as const, deployedAt: at.toISOString(), ...extra });
    const recorded = await recordDeploymentEvents(
      [{ kind: "deployments", key: "eu-west-1", data: { region: "eu-west-1", workloads: [workload("annotated", "9.9.9", { deployer: "ci@github-actions (dana)", commit: "9f3c2ab" }), workload("bare", "9.9.9", {})] } } satisfies SnapshotWrite],
      at,
      "test",
    );
    expect(recorded).toBe(2);
    const events = await listDeploymentEvents({ from: at, to: new Date(at.getTime() + 1), region: "eu-west-1" });
    expect(events.find((e) => e.service === "annotated")).toMatchObject({ deployer: "ci@github-actions (dana)", commit: "9f3c2ab" });
    expect(events.find((e) => e.service === "bare")).toMatchObject({ deployer: null, commit: null });
  });

  it("shows the drifted indexer in us-east-1 behind the active region, and when the drift began", async () => {
    const matrix = await getDeploymentMatrix(deploymentMatrixQuery.parse({ system: "blockchain-solutions", drift: "true" }));
    const indexer = matrix.rows.find((r) => r.service === "indexer")!;
    expect(indexer.referenceRegion).toBe("eu-west-1");
    expect(indexer.cells["us-east-1"]).toMatchObject({ drift: true, role: "dormant", lag: { direction: "behind" } });
    expect(indexer.cells["us-east-1"].lag?.releases).toBeGreaterThanOrEqual(1);
    expect(matrix.fetchedAt).not.toBeNull();

    const history = await getServiceHistory("indexer", { days: 30 });
    const us = history.regions.find((r) => r.region === "us-east-1")!;
    const eu = history.regions.find((r) => r.region === "eu-west-1")!;
    expect(us.driftSince).not.toBeNull();
    // The configured drift froze us-east-1 two days before the fleet was loaded: the active region moved on around then.
    const sinceAgo = Date.now() - Date.parse(us.driftSince!);
    expect(sinceAgo).toBeGreaterThan(1 * DAY);
    expect(sinceAgo).toBeLessThan(14 * DAY);
    expect(us.segments.at(-1)).toMatchObject({ version: us.current?.version, to: null });
    expect(eu.segments.at(-1)?.version).toBe(eu.current?.version);
    expect(eu.isReference).toBe(true);
    await expect(getServiceHistory("nope", { days: 30 })).rejects.toThrow(/No service/);
  });
});
