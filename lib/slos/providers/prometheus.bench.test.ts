import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type OmSeries, type RunningPrometheus } from "@/tests/support/prometheus";
import { parseSloFile } from "../definitions";
import { computeSloStatus } from "../math";
import { createPrometheusSliSource } from "./prometheus";

// The benchmark: one collection cycle of 500 SLOs × (7 burn windows + the 28 d window)
// against a real Prometheus. Opt-in (MERIDIAN_BENCH=1) because backfilling 1,000 series takes a while.
const skipReason = !process.env.MERIDIAN_BENCH ? "set MERIDIAN_BENCH=1 to run the SLO benchmark" : prometheusUnavailableReason();
const N = 500;
const MIN = 60_000;
const at = Math.floor(Date.now() / MIN) * MIN - MIN;
const POINTS = (3 * 24 * 60) / 5 + 1; // three days at 5-minute scrapes

describe.skipIf(skipReason !== null)(`SLO collection cycle: ${N} SLOs against a real Prometheus`, () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    const series: OmSeries[] = [];
    for (let s = 0; s < N; s++) {
      const good: Array<[number, number]> = [];
      const total: Array<[number, number]> = [];
      for (let i = 0; i < POINTS; i++) {
        const t = at - (POINTS - 1 - i) * 5 * MIN;
        total.push([t, i * 300]);
        good.push([t, i * 299.7]);
      }
      const labels = { service: `svc-${s}` };
      series.push({ name: "bench_good_total", type: "counter", labels, samples: good }, { name: "bench_requests_total", type: "counter", labels, samples: total });
    }
    const started = Date.now();
    prom = await startPrometheus(buildOpenMetrics(series));
    console.log(`backfilled ${series.length} series × ${POINTS} samples in ${Date.now() - started} ms`);
  }, 600_000);
  afterAll(async () => prom?.stop());

  it("fits well inside the 30 s collection interval", async () => {
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
    const defs = parseSloFile(yaml.join("\n"), "bench.yaml");
    const source = createPrometheusSliSource(createPrometheusClient({ url: prom.url, timeoutMs: 30_000 }));
    const started = performance.now();
    const batch = await source.getWindowRates(defs, at);
    const statuses = defs.map((d, i) => computeSloStatus(d, batch.rates[i]));
    const ms = performance.now() - started;
    console.log(`${N} SLOs × 8 windows: ${Math.round(ms)} ms, ${batch.queryCount} queries`);
    expect(batch.errors).toEqual([]);
    // 8 windows × ⌈500 / 100⌉ batches.
    expect(batch.queryCount).toBe(40);
    expect(statuses.every((s) => Math.abs(s.burnRates["1h"]! - 1) < 1e-6)).toBe(true);
    expect(ms).toBeLessThan(30_000);
  });
});
