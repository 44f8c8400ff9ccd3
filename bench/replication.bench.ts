// One replication collection cycle for 200 links against a REAL Prometheus (Debian's package,
// backfilled with promtool): the steady cycle (one instant query per link), the first cycle
// (plus a 20-minute history read per link), and the whole job with its snapshots written to a
// real PostgreSQL. `npm run bench -- replication`
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { collectLinks, REPLICATION_KIND, type LinkSnapshot } from "@/lib/replication/collector";
import { linkConfigSchema } from "@/lib/replication/config-schema";
import { createPrometheusLagSource } from "@/lib/replication/providers/prometheus";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type OmSeries } from "@/tests/support/prometheus";
import { measure, startBenchDatabase, type BenchResult } from "./support";

const N = 200;
const MIN = 60_000;

export async function run(): Promise<BenchResult[]> {
  const reason = prometheusUnavailableReason();
  if (reason) return [{ name: `replication: ${N} links, real Prometheus`, samples: 0, p50ms: 0, p95ms: 0, note: `skipped: ${reason}` }];
  const now = Math.floor(Date.now() / MIN) * MIN;
  const series: OmSeries[] = [];
  for (let i = 0; i < N; i++) {
    // Two hours of 15 s scrapes per link; every fourth link is a Substrate pair (two series).
    const samples = (f: (k: number) => number): Array<[number, number]> => Array.from({ length: 481 }, (_, k) => [now - (480 - k) * 15_000, f(k)]);
    if (i % 4 === 3) {
      series.push({ name: "bench_block_height", labels: { link: `l${i}`, side: "active" }, samples: samples((k) => 1000 + k * 2.5) });
      series.push({ name: "bench_block_height", labels: { link: `l${i}`, side: "dormant" }, samples: samples((k) => 997 + k * 2.5) });
    } else series.push({ name: "bench_replication_lag_seconds", labels: { link: `l${i}` }, samples: samples((k) => 1 + (k % 7)) });
  }
  const prom = await startPrometheus(buildOpenMetrics(series));
  const database = await startBenchDatabase();
  try {
    const links = Array.from({ length: N }, (_, i) =>
      linkConfigSchema.parse({
        id: `l${i}`,
        service: `svc-${i % 20}`,
        from: "eu-west-1",
        to: "us-east-1",
        engine: i % 4 === 3 ? "substrate" : "postgres",
        unit: i % 4 === 3 ? "blocks" : "seconds",
        secondsPerUnit: i % 4 === 3 ? 6 : undefined,
        rpo: "60s",
        warning: 10,
        breach: 30,
        source: "prom",
        query:
          i % 4 === 3
            ? `max(bench_block_height{link="l${i}", side="active"}) - max(bench_block_height{link="l${i}", side="dormant"})`
            : `max(bench_replication_lag_seconds{link="l${i}"})`,
      }),
    );
    const client = createPrometheusClient({ url: prom.url, timeoutMs: 30_000 });
    const source = createPrometheusLagSource(client);
    const signal = new AbortController().signal;
    const opts = { now, intervalMs: 30_000, mode: "instant" as const, signal };

    let requests = client.requestCount();
    const first = await measure(`replication: first cycle, ${N} links + 20 min history (real Prometheus)`, 5, async () => {
      const r = await collectLinks(source, links, new Map(), opts);
      if (r.errors.length) throw new Error(r.errors[0].message);
    });
    const firstRequests = (client.requestCount() - requests) / 8;

    const warm = await collectLinks(source, links, new Map(), opts);
    const previous = new Map<string, LinkSnapshot>(warm.snapshots.map((s) => [s.linkId, s]));
    requests = client.requestCount();
    const steady = await measure(`replication: steady cycle, ${N} links (real Prometheus)`, 10, async () => {
      const r = await collectLinks(source, links, previous, opts);
      if (r.errors.length) throw new Error(r.errors[0].message);
    });
    const steadyRequests = (client.requestCount() - requests) / 13;
    first.note = `${firstRequests} HTTP queries per cycle, 16 in flight`;
    steady.note = `${steadyRequests} HTTP queries per cycle, 16 in flight`;

    setConfigForProcess(
      configSchema.parse({
        version: 1,
        regions: [{ id: "eu-west-1", name: "EU" }, { id: "us-east-1", name: "US" }],
        sources: [{ name: "prom", kind: "prometheus", url: prom.url, interval: "30s", timeout: "10s" }],
        systems: [{ id: "s", name: "S", team: "t", services: Array.from({ length: 20 }, (_, i) => ({ id: `svc-${i}`, name: `svc-${i}`, team: "t", stateful: true, regions: { "eu-west-1": "active", "us-east-1": "dormant" } })) }],
        links: links.map((l) => ({ ...l, rpo: "60s" })),
      }),
    );
    const job = buildJobs().find((j) => j.name === `prom/${REPLICATION_KIND}/links`);
    if (!job) throw new Error("no replication job");
    const whole = await measure(`replication: whole job, ${N} links, snapshots to real PostgreSQL`, 10, async () => {
      const o = await runJob(job, "bench", { force: true });
      if (!o.ok) throw new Error(o.error);
    });
    whole.note = "read previous snapshots + instant queries + upsert 200 snapshots + status";
    return [first, steady, whole];
  } finally {
    await database.stop();
    await prom.stop();
  }
}
