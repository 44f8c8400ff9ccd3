import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { createPrometheusClient, PromQLError } from "@/lib/sources/prometheus";
import { listSourceHealth } from "@/lib/snapshots/freshness";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type OmSeries, type RunningPrometheus } from "@/tests/support/prometheus";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { collectLinks, REPLICATION_KIND, type LinkSnapshot } from "../collector";
import { linkConfigSchema, type LinkConfig } from "../config-schema";
import { getLinkState } from "../link-state";
import { listLinks } from "../queries";
import { createPrometheusLagSource } from "./prometheus";
import { describeWithTool } from "@/tests/support/require-tool";

const missingReason = prometheusUnavailableReason();

const SEC = 1000;
const MIN = 60 * SEC;
// Data ends on a whole minute at or before the wall clock, so the job's instant reads see it too.
const now = Math.floor(Date.now() / MIN) * MIN;
const every15s = (minutes: number, f: (t: number) => number): Array<[number, number]> =>
  Array.from({ length: (minutes * MIN) / (15 * SEC) + 1 }, (_, i) => {
    const t = now - minutes * MIN + i * 15 * SEC;
    return [t, f(t)];
  });

function series(): OmSeries[] {
  const height = (t: number) => Math.floor((t - (now - 60 * MIN)) / (6 * SEC)); // one block per 6 s
  return [
    // postgres_exporter: seconds behind on the replica.
    { name: "pg_replication_lag", labels: { region: "us-east-1", service: "ledger-db" }, samples: every15s(30, (t) => 2 + ((t / SEC) % 4)) },
    // A replica that stopped replaying 5 minutes ago: +1 s of lag per second since.
    { name: "pg_replication_lag", labels: { region: "us-east-1", service: "stalled-db" }, samples: every15s(30, (t) => 1 + Math.max(0, (t - (now - 5 * MIN)) / SEC)) },
    // Substrate: two active nodes and two dormant ones; lag = max active − max dormant = 4 blocks.
    { name: "substrate_block_height", labels: { status: "best", region: "active", instance: "a1" }, samples: every15s(30, (t) => height(t)) },
    { name: "substrate_block_height", labels: { status: "best", region: "active", instance: "a2" }, samples: every15s(30, (t) => height(t) - 1) },
    { name: "substrate_block_height", labels: { status: "best", region: "dormant", instance: "d1" }, samples: every15s(30, (t) => height(t) - 4) },
    { name: "substrate_block_height", labels: { status: "best", region: "dormant", instance: "d2" }, samples: every15s(30, (t) => height(t) - 9) },
    // MongoDB exporter: two secondaries in the dormant region (several series → the worst).
    { name: "mongodb_mongod_replset_member_replication_lag", labels: { set: "accounts", name: "m-us-east-1-a" }, samples: every15s(30, () => 4) },
    { name: "mongodb_mongod_replset_member_replication_lag", labels: { set: "accounts", name: "m-us-east-1-b" }, samples: every15s(30, () => 7) },
    // An exporter answering NaN.
    { name: "bad_exporter_lag_seconds", samples: every15s(30, () => Number.NaN) },
  ];
}

const base = { from: "eu-west-1", to: "us-east-1", rpo: "1m", source: "prom" } as const;
const LINKS: LinkConfig[] = [
  { ...base, id: "ledger-pg", service: "ledger-db", engine: "postgres", unit: "seconds", warning: 10, breach: 60, query: 'max(pg_replication_lag{region="us-east-1", service="ledger-db"})' },
  { ...base, id: "stalled-pg", service: "ledger-db", engine: "postgres", unit: "seconds", warning: 10, breach: 600, rpo: "1h", query: 'max(pg_replication_lag{service="stalled-db"})' },
  {
    ...base,
    id: "chain",
    service: "chain",
    engine: "substrate",
    unit: "blocks",
    secondsPerUnit: 6,
    warning: 5,
    breach: 10,
    query: 'max(substrate_block_height{status="best", region="active"}) - max(substrate_block_height{status="best", region="dormant"})',
  },
  { ...base, id: "accounts-mongo", service: "accounts", engine: "mongodb", unit: "seconds", warning: 5, breach: 60, query: 'mongodb_mongod_replset_member_replication_lag{set="accounts", name=~".*us-east-1.*"}' },
  { ...base, id: "nan-link", service: "ledger-db", engine: "postgres", unit: "seconds", warning: 10, breach: 60, query: "bad_exporter_lag_seconds" },
  { ...base, id: "gone-link", service: "ledger-db", engine: "postgres", unit: "seconds", warning: 10, breach: 60, query: 'max(pg_replication_lag{service="decommissioned"})' },
  { ...base, id: "typo-link", service: "ledger-db", engine: "postgres", unit: "seconds", warning: 10, breach: 60, query: "max(pg_replication_lag{service=" },
].map((l) => linkConfigSchema.parse(l));

describeWithTool("replication lag from a real Prometheus", missingReason, () => {
  let prom: RunningPrometheus;
  let hanging: Server;
  let hangingUrl = "";
  let database: TestDatabase;
  beforeAll(async () => {
    prom = await startPrometheus(buildOpenMetrics(series()));
    // A Prometheus that accepts connections and never answers (slow / hung).
    hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", () => r()));
    const addr = hanging.address();
    hangingUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    database = await startTestDatabase();
  }, 60_000);
  afterAll(async () => {
    hanging?.closeAllConnections();
    hanging?.close();
    await prom?.stop();
    await database?.stop();
  });

  it("one cycle through the project's client: seconds, blocks, several series, NaN, no series, bad PromQL", async () => {
    const source = createPrometheusLagSource(createPrometheusClient({ url: prom.url, timeoutMs: 5000 }));
    const { snapshots, errors } = await collectLinks(source, LINKS, new Map(), { now, intervalMs: 30_000, mode: "instant", signal: new AbortController().signal });
    const by = new Map(snapshots.map((s) => [s.linkId, s]));
    const at = (id: string) => by.get(id)!;
    const state = (id: string) => getLinkState(LINKS.find((l) => l.id === id)!, at(id).samples, now, 90_000);

    // postgres_exporter seconds: the instant value, plus 20 minutes of history at the interval (the first run has a gap).
    expect(at("ledger-pg").samples.at(-1)).toEqual({ t: now, lag: 2 + ((now / SEC) % 4), replayed: null });
    expect(at("ledger-pg").samples.length).toBe(41);
    expect(state("ledger-pg").state).toBe("ok");

    // Substrate: max(active) − max(dormant) = 4 blocks ≈ 24 s, under the 60 s RPO but at the 5-block warning? no: 4 < 5 → ok.
    expect(at("chain").samples.at(-1)?.lag).toBe(4);
    expect(state("chain")).toMatchObject({ state: "ok", lag: 4, lagSeconds: 24 });

    // Several series: the worst replica, with a note.
    expect(at("accounts-mongo").samples.at(-1)?.lag).toBe(7);
    expect(at("accounts-mongo").lastRead).toMatchObject({ ok: true, series: 2, note: "2 series; showing the largest lag" });
    expect(state("accounts-mongo").state).toBe("warning");

    // NaN and no series: no sample, the reason kept; never read as 0.
    expect(at("nan-link").lastRead).toMatchObject({ ok: false, note: "the query returned NaN" });
    expect(at("nan-link").samples).toEqual([]);
    expect(at("gone-link").lastRead).toMatchObject({ ok: false, series: 0, note: expect.stringMatching(/no series/) });

    // Bad PromQL: Prometheus's own parser message, as a query error (the others are unaffected).
    expect(errors).toEqual([{ linkId: "typo-link", kind: "query", message: expect.stringMatching(/Prometheus rejected the query \(bad_data\): .*parse error/) }]);

    // Stalled: lag rising 1 s per second over the last samples.
    expect(state("stalled-pg").state).toBe("stalled");
  });

  it("the query classes surface as typed errors", async () => {
    const source = createPrometheusLagSource(createPrometheusClient({ url: prom.url }));
    await expect(source.getLag(LINKS.find((l) => l.id === "typo-link")!, now, new AbortController().signal)).rejects.toBeInstanceOf(PromQLError);
  });

  it("through the collector job: bad PromQL on Settings; a hung and a stopped Prometheus turn links unknown with last-known lag", async () => {
    const config = configSchema.parse({
      version: 1,
      regions: [{ id: "eu-west-1", name: "EU" }, { id: "us-east-1", name: "US" }],
      sources: [
        { name: "prom", kind: "prometheus", url: prom.url, interval: "30s", timeout: "2s" },
        { name: "hung", kind: "prometheus", url: hangingUrl, interval: "30s", timeout: "4s" },
      ],
      systems: [
        {
          id: "sys",
          name: "Sys",
          team: "t",
          services: ["ledger-db", "chain", "accounts"].map((id) => ({ id, name: id, team: "t", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } })),
        },
      ],
      links: [
        ...LINKS.map((l) => ({ ...l, rpo: `${l.rpo / 1000}s` })),
        { ...LINKS[0], id: "hung-link", source: "hung", rpo: "60s" },
      ],
    });
    setConfigForProcess(config);
    const jobs = buildJobs().filter((j) => j.name.split("/")[1] === REPLICATION_KIND);
    expect(jobs.map((j) => j.name).sort()).toEqual(["hung/replication/links", "prom/replication/links"]);
    const started = Date.now();
    const outcomes = await Promise.all(jobs.map((j) => runJob(j, "test", { force: true })));
    const byJob = new Map(outcomes.map((o) => [o.job, o]));
    // The hung source times out on its own; the good one is not held up by it.
    expect(byJob.get("prom/replication/links")).toMatchObject({ ok: true });
    expect(byJob.get("prom/replication/links")!.durationMs).toBeLessThan(3000);
    expect(byJob.get("hung/replication/links")).toMatchObject({ ok: false, error: expect.stringMatching(/timed out after 4000 ms/) });
    expect(Date.now() - started).toBeLessThan(12_000);

    const settings = await listSourceHealth();
    expect(settings.find((s) => s.name === "prom/replication/links")?.lastError).toMatch(/link typo-link: Prometheus rejected the query \(bad_data\)/);

    let rows = new Map((await listLinks()).links.map((l) => [l.linkId, l]));
    expect(rows.get("ledger-pg")?.state).toBe("ok");
    expect(rows.get("typo-link")).toMatchObject({ state: "unknown", reason: expect.stringMatching(/parse error/) });
    expect(rows.get("nan-link")).toMatchObject({ state: "unknown", reason: "no samples yet: the query returned NaN", noSamplesSince: null });
    expect(rows.get("hung-link")).toMatchObject({ state: "unknown", reason: expect.stringMatching(/source unavailable: .*timed out/) });
    const lastKnown = rows.get("ledger-pg")!.lag;

    // Prometheus goes away: the job fails, the stored samples stay, the links say unknown with their last-known lag.
    await prom.stop();
    const down = await runJob(jobs.find((j) => j.name === "prom/replication/links")!, "test", { force: true });
    expect(down).toMatchObject({ ok: false, error: expect.stringMatching(/unreachable/) });
    rows = new Map((await listLinks()).links.map((l) => [l.linkId, l]));
    expect(rows.get("ledger-pg")).toMatchObject({ state: "unknown", lag: lastKnown, reason: expect.stringMatching(/source unavailable: Prometheus at .* is unreachable.*last-known/) });
    expect(rows.get("ledger-pg")?.ageSec).not.toBeNull();
    expect(rows.get("ledger-pg")?.reason).toMatch(/^no samples since /);
    expect(rows.get("ledger-pg")?.noSamplesSince).toBe(rows.get("ledger-pg")?.sampledAt);
    const snap: LinkSnapshot | undefined = (await database.db.snapshot.findUnique({ where: { kind_key: { kind: REPLICATION_KIND, key: "ledger-pg" } } }))?.data as LinkSnapshot | undefined;
    expect(snap?.samples.length).toBeGreaterThan(1);
  }, 30_000);
});
