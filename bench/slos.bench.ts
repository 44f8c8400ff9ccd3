// One SLO collection cycle for 500 SLOs × (7 burn windows + the 28 d window) against a REAL
// Prometheus (Debian's package, backfilled with promtool): time per cycle and HTTP queries per cycle.
// `npm run bench -- slos`
import { parseSloFile } from "@/lib/slos/definitions";
import { collectSloSnapshot } from "@/lib/slos/collector";
import { createPrometheusSliSource } from "@/lib/slos/providers/prometheus";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type OmSeries } from "@/tests/support/prometheus";
import { measure, type BenchResult } from "./support";

const N = 500;
const MIN = 60_000;
const POINTS = (3 * 24 * 60) / 5 + 1; // three days at 5-minute scrapes

function sloFile(): string {
  const yaml = ["version: prometheus/v1", "window: 28d", "services:"];
  for (let s = 0; s < N; s++) {
    yaml.push(
      `  - service: svc-${s}`,
      "    regions: [eu-west-1]",
      "    slos:",
      "      - name: availability",
      "        objective: 99.9",
      "        sli:",
      "          events:",
      `            good_query: sum(rate(bench_good_total{service="svc-${s}"}[{{.window}}]))`,
      `            total_query: sum(rate(bench_requests_total{service="svc-${s}"}[{{.window}}]))`,
    );
  }
  return yaml.join("\n");
}

export async function run(): Promise<BenchResult[]> {
  const reason = prometheusUnavailableReason();
  if (reason) return [{ name: `slos: ${N} SLOs × 8 windows, real Prometheus`, samples: 0, p50ms: 0, p95ms: 0, note: `skipped: ${reason}` }];
  const at = Math.floor(Date.now() / MIN) * MIN - MIN;
  const series: OmSeries[] = [];
  for (let s = 0; s < N; s++) {
    const good: Array<[number, number]> = [];
    const total: Array<[number, number]> = [];
    for (let i = 0; i < POINTS; i++) {
      const t = at - (POINTS - 1 - i) * 5 * MIN;
      total.push([t, i * 300]);
      good.push([t, i * 299.7]); // 99.9 % good: burn exactly 1 at a 99.9 % objective
    }
    const labels = { service: `svc-${s}` };
    series.push({ name: "bench_good_total", type: "counter", labels, samples: good }, { name: "bench_requests_total", type: "counter", labels, samples: total });
  }
  const backfillStarted = Date.now();
  const prom = await startPrometheus(buildOpenMetrics(series));
  const backfillMs = Date.now() - backfillStarted;
  try {
    const defs = parseSloFile(sloFile(), "bench.yaml");
    const client = createPrometheusClient({ url: prom.url, timeoutMs: 30_000 });
    const source = createPrometheusSliSource(client);
    let queries = 0;
    let errors = 0;
    let burnOk = true;
    const result = await measure(`slos: one collection cycle, ${N} SLOs × 8 windows (real Prometheus)`, 5, async () => {
      const snap = await collectSloSnapshot(source, defs, at);
      queries = snap.queryCount;
      errors = snap.errors.length;
      burnOk &&= snap.statuses.every((s) => Math.abs((s.burnRates["1h"] ?? 0) - 1) < 1e-6);
    });
    result.note = `${queries} queries per cycle, ${errors} errors, every 1 h burn = 1: ${burnOk}; backfill of ${series.length} series × ${POINTS} samples ${Math.round(backfillMs / 1000)} s`;
    return [result];
  } finally {
    await prom.stop();
  }
}
