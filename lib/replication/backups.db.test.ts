import { afterAll, beforeAll, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type RunningPrometheus } from "@/tests/support/prometheus";
import { startRdsServer, type RdsServer } from "@/tests/support/rds-server";
import { describeWithTool } from "@/tests/support/require-tool";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { BACKUPS_KIND } from "./backup-collector";
import { newestAvailable } from "./providers/rds-backups";
import { listReadinessRows } from "./queries";

// Live backup age for readiness, read like the other sources: the real RDS SDK client against a
// local server speaking RDS's awsQuery XML, and a real Prometheus with a last-success metric.

const HOUR = 3_600_000;
const MIN = 60_000;
const now = Math.floor(Date.now() / MIN) * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

const services = ["ledger-db", "accounts-db", "orders-db", "cache"].map((id) => ({ id, name: id, team: "data", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } }));

function backupFor(rows: Awaited<ReturnType<typeof listReadinessRows>>["readiness"], service: string) {
  return rows.find((r) => r.service === service)!.checks.find((c) => c.check === "backup")!;
}

describeWithTool("backup age from RDS/Aurora snapshots and from Prometheus", prometheusUnavailableReason(), () => {
  let database: TestDatabase;
  let rds: RdsServer;
  let prom: RunningPrometheus;
  beforeAll(async () => {
    database = await startTestDatabase();
    process.env.BACKUP_TEST_KEY = "AKIDBACKUPS";
    process.env.BACKUP_TEST_SECRET = "secret";
    rds = await startRdsServer();
    rds.pageSize = 2; // three snapshots: two pages
    rds.clusterSnapshots.push(
      { id: "rds:ledger-use1-old", of: "ledger-use1", createdAt: iso(now - 26 * HOUR), status: "available", type: "automated" },
      { id: "rds:ledger-use1-last", of: "ledger-use1", createdAt: iso(now - 2 * HOUR), status: "available", type: "automated" },
      // Newer, but not finished: not a backup yet.
      { id: "manual-in-progress", of: "ledger-use1", createdAt: iso(now - 5 * MIN), status: "creating", type: "manual" },
    );
    const lastSuccessSec = (now - 30 * HOUR) / 1000;
    const samples: Array<[number, number]> = Array.from({ length: 41 }, (_, i) => [now - 10 * MIN + i * 15_000, lastSuccessSec]);
    prom = await startPrometheus(buildOpenMetrics([{ name: "backup_last_success_timestamp_seconds", labels: { service: "accounts-db" }, samples }]));
    setConfigForProcess(
      configSchema.parse({
        version: 1,
        regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
        sources: [
          { name: "aws-use1", kind: "aws", endpoints: { rds: rds.url }, accessKeyId: "env:BACKUP_TEST_KEY", secretAccessKey: "env:BACKUP_TEST_SECRET", timeout: "3s" },
          { name: "prom", kind: "prometheus", url: prom.url, timeout: "3s" },
        ],
        systems: [{ id: "data", name: "Data", team: "data", services }],
        backups: [
          { service: "ledger-db", region: "us-east-1", source: "aws-use1", rds: { cluster: "ledger-use1" } },
          { service: "accounts-db", region: "us-east-1", source: "prom", query: 'max(backup_last_success_timestamp_seconds{service="accounts-db"})' },
          { service: "orders-db", region: "us-east-1", source: "prom", query: 'max(backup_last_success_timestamp_seconds{service="orders-db"})' },
        ],
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([rds?.close(), prom?.stop()]);
    await database?.stop();
    delete process.env.BACKUP_TEST_KEY;
    delete process.env.BACKUP_TEST_SECRET;
  });

  const collect = () => Promise.all(buildJobs().filter((j) => j.name.split("/")[1] === BACKUPS_KIND).map((j) => runJob(j, "test", { force: true })));

  it("reads each service's newest finished backup; a service with no source, or a metric with no series, is unknown", async () => {
    const outcomes = await collect();
    expect(outcomes.map((o) => [o.job, o.ok]).sort()).toEqual([
      ["aws-use1/backups/us-east-1/ledger-db", true],
      ["prom/backups/us-east-1/accounts-db", true],
      ["prom/backups/us-east-1/orders-db", true],
    ]);
    // The real SDK signed for RDS in the backup's region and followed the Marker to the second page.
    expect(rds.requests.map((r) => [r.params.Action, r.params.Marker ?? null])).toEqual([["DescribeDBClusterSnapshots", null], ["DescribeDBClusterSnapshots", "m-2"]]);
    expect(String(rds.requests[0].headers.authorization)).toMatch(/Credential=AKIDBACKUPS\/\d{8}\/us-east-1\/rds\/aws4_request/);

    const { readiness } = await listReadinessRows();
    expect(backupFor(readiness, "ledger-db")).toEqual({ check: "backup", verdict: "ready", message: "last successful backup 2 h ago (automated rds:ledger-use1-last of Aurora cluster ledger-use1 in us-east-1)" });
    expect(backupFor(readiness, "accounts-db")).toMatchObject({ verdict: "at-risk", message: expect.stringMatching(/^last successful backup 30 h ago \(from max\(backup_last_success_timestamp_seconds/) });
    expect(backupFor(readiness, "orders-db")).toEqual({ check: "backup", verdict: "unknown", message: `last backup age unknown: max(backup_last_success_timestamp_seconds{service="orders-db"}) returned no series` });
    expect(backupFor(readiness, "cache")).toEqual({ check: "backup", verdict: "unknown", message: "last backup age unknown: no backup source configured for cache (backups: in the configuration)" });
    for (const s of ["orders-db", "cache"]) expect(readiness.find((r) => r.service === s)?.verdict).not.toBe("ready");
  });

  it("a backup source that fails makes the age unknown since its last read, with the error; never ready", async () => {
    rds.faults.push({ action: "DescribeDBClusterSnapshots", status: 403, code: "AccessDenied", message: "User is not authorized to perform: rds:DescribeDBClusterSnapshots" });
    const outcomes = await collect();
    expect(outcomes.find((o) => o.job === "aws-use1/backups/us-east-1/ledger-db")).toMatchObject({ ok: false, error: expect.stringContaining("AccessDenied") });
    const check = backupFor((await listReadinessRows()).readiness, "ledger-db");
    expect(check.verdict).toBe("unknown");
    expect(check.message).toMatch(/^last backup age unknown: aws-use1: no data since \d{4}-.*Z \(.*AccessDenied.*\); last known \d{4}-/);
  });

  it("only a finished snapshot counts", () => {
    expect(newestAvailable([{ id: "a", of: "x", createdAt: iso(now - HOUR), status: "failed", type: "manual" }, { id: "b", of: "x", createdAt: null, status: "creating", type: "manual" }])).toBeNull();
  });
});
