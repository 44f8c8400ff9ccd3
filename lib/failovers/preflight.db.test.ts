import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getFleetState, writeFleetState } from "@/lib/demo/state";
import { listLinks } from "@/lib/replication/queries";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { getFailoverPreflight } from "./preflight";
import { startProviders } from "@/lib/server/registry";

// The preflight's expected data loss is the replication lag /replication shows for the links the
// runbook promotes: the Leaderboard runbook is filed under its stateless API but promotes its database.
const LINK = "leaderboard-db-euw1-use1";

async function collect(domains = ["inventory", "deployments", "replication"]) {
  const jobs = buildJobs().filter((j) => domains.includes(j.name.split("/")[1]));
  return Promise.all(jobs.map((j) => runJob(j, "test", { force: true })));
}

async function setScenario(scenario: "steady" | "eu-west-1-outage") {
  const state = await getFleetState();
  await db().$transaction((tx) => writeFleetState(tx, { ...state, scenario, scenarioSince: new Date().toISOString() }, "test"));
}

async function currentLink() {
  return (await listLinks()).links.find((l) => l.linkId === LINK)!;
}

describe("failover preflight: expected data loss (demo fleet)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve(__dirname, "../../config/demo.yaml")));
    await startProviders();
    expect((await collect()).filter((o) => !o.ok)).toEqual([]);
  });
  afterAll(async () => database?.stop());

  it("steady: the current lag of the database the runbook promotes, with when it was sampled — not the API's 0", async () => {
    const link = await currentLink();
    expect(link.state).toBe("ok");
    expect(link.lagSeconds).toBeGreaterThan(0);
    const p = await getFailoverPreflight("leaderboard-api", "us-east-1");
    expect(p.expectedDataLossSec).toBe(link.lagSeconds);
    expect(p.expectedDataLoss).toEqual({ seconds: link.lagSeconds, asOf: link.sampledAt, lastKnownSec: null, links: [LINK] });
  });

  it("a runbook with no promote step (a standby started by scaling): the lag of the services it moves", async () => {
    // The substrate runbook's chain links are in blocks with a time equivalent: known, not 0.
    const links = (await listLinks()).links.filter((l) => l.service.startsWith("substrate-"));
    const p = await getFailoverPreflight("substrate-validator", "us-east-1");
    expect(p.expectedDataLoss?.links.sort()).toEqual(links.map((l) => l.linkId).sort());
    expect(p.expectedDataLoss?.seconds).toBe(Math.max(...links.map((l) => l.lagSeconds!)));
  });

  it("a source that fails: unknown, with no data since the link's last sample and its last-known lag as a floor — never 0", async () => {
    const before = await currentLink();
    await db().sourceStatus.update({ where: { name: "demo/replication/links" }, data: { consecutiveFailures: 1, lastError: "timed out after 15000 ms", lastErrorAt: new Date(Date.now() + 1000) } });
    try {
      expect((await currentLink()).state).toBe("unknown");
      const p = await getFailoverPreflight("leaderboard-api", "us-east-1");
      expect(p.expectedDataLossSec).toBeNull();
      expect(p.expectedDataLoss).toEqual({ seconds: null, asOf: before.sampledAt, lastKnownSec: before.lagSeconds, links: [LINK] });
    } finally {
      await db().sourceStatus.update({ where: { name: "demo/replication/links" }, data: { consecutiveFailures: 0, lastError: null } });
    }
  });

  it("eu-west-1-outage: the links go dark; the preflight says unknown since their last sample", async () => {
    const before = await currentLink();
    await setScenario("eu-west-1-outage");
    try {
      await collect(["replication"]);
      const p = await getFailoverPreflight("leaderboard-api", "us-east-1");
      expect(p.path).toBe("data-loss");
      expect(p.expectedDataLossSec).toBeNull();
      expect(p.expectedDataLoss).toMatchObject({ seconds: null, asOf: before.sampledAt, links: [LINK] });
    } finally {
      await setScenario("steady");
      await collect(["replication"]);
    }
  });
});
