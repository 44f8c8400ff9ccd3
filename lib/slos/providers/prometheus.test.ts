import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import { buildOpenMetrics, prometheusUnavailableReason, startPrometheus, type OmSeries, type RunningPrometheus } from "@/tests/support/prometheus";
import { parseSloFile } from "../definitions";
import { computeSloStatus, evaluateGate } from "../math";
import { recordingRulesYaml } from "../recording-rules";
import { createPrometheusSliSource } from "./prometheus";
import { describeWithTool } from "@/tests/support/require-tool";

const missingReason = prometheusUnavailableReason();

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = Math.floor(Date.now() / MIN) * MIN - MIN;
const DATA_MINUTES = 4 * 24 * 60; // four days: enough for the 3 d window
const SLOW_MINUTES = 3 * 60; // the bad release has been out for the last three hours

// The Leaderboard seed: API latency SLO 3 s @ 99 %, 10 req/s; 99.9 % under 3 s until three hours
// ago, then ~7 s loads with only 80 % under 3 s.
function leaderboardSeries(): OmSeries[] {
  const bucket: Array<[number, number]> = [];
  // Histogram buckets around the 3 s one, for the measured percentile: fast, 60 % / 90 % under 1 s
  // before / after the release, every request under 7.5 s.
  const under1: Array<[number, number]> = [];
  const under7: Array<[number, number]> = [];
  const count: Array<[number, number]> = [];
  const requests: Array<[number, number]> = [];
  let good = 0;
  let total = 0;
  let fast = 0;
  for (let i = 0; i <= DATA_MINUTES; i++) {
    const t = at - (DATA_MINUTES - i) * MIN;
    bucket.push([t, good]);
    under1.push([t, fast]);
    under7.push([t, total]);
    count.push([t, total]);
    requests.push([t, total]);
    const slow = t >= at - SLOW_MINUTES * MIN;
    total += 600;
    good += slow ? 480 : 599.4;
    fast += slow ? 60 : 540;
  }
  const labels = { service: "leaderboard-api", region: "eu-west-1" };
  return [
    { name: "http_request_duration_seconds_bucket", type: "counter", labels: { ...labels, le: "1" }, samples: under1 },
    { name: "http_request_duration_seconds_bucket", type: "counter", labels: { ...labels, le: "3" }, samples: bucket },
    { name: "http_request_duration_seconds_bucket", type: "counter", labels: { ...labels, le: "7.5" }, samples: under7 },
    { name: "http_request_duration_seconds_bucket", type: "counter", labels: { ...labels, le: "+Inf" }, samples: under7 },
    { name: "http_request_duration_seconds_count", type: "counter", labels, samples: count },
    // Availability: no 5xx series ever existed (the error counter never fired).
    { name: "http_requests_total", type: "counter", labels: { ...labels, code: "200" }, samples: requests },
  ];
}

const sloYaml = `version: prometheus/v1
window: 28d
services:
  - service: leaderboard-api
    regions: [eu-west-1, us-east-1]
    slos:
      - name: requests-latency
        kind: latency
        threshold: 3s
        objective: 99
        sli:
          events:
            good_query: sum(rate(http_request_duration_seconds_bucket{service="{{.service}}",region="{{.region}}",le="3"}[{{.window}}]))
            total_query: sum(rate(http_request_duration_seconds_count{service="{{.service}}",region="{{.region}}"}[{{.window}}]))
      - name: requests-availability
        objective: 99.9
        sli:
          events:
            error_query: sum(rate(http_requests_total{service="{{.service}}",region="{{.region}}",code=~"5.."}[{{.window}}]))
            total_query: sum(rate(http_requests_total{service="{{.service}}",region="{{.region}}"}[{{.window}}]))
  - service: broken
    regions: [eu-west-1]
    slos:
      - name: typo
        objective: 99
        sli:
          events:
            error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}])
            total_query: sum(rate(http_requests_total[{{.window}}]))
`;

describeWithTool("SLOs from a real Prometheus: the Leaderboard's slow API", missingReason, () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus(buildOpenMetrics(leaderboardSeries()));
  });
  afterAll(async () => prom?.stop());

  it("finds the page-level burn, the budget and its ETA, in 8 batched queries", async () => {
    const defs = parseSloFile(sloYaml, "slos.yaml");
    const source = createPrometheusSliSource(createPrometheusClient({ url: prom.url }));
    const batch = await source.getWindowRates(defs, at);
    const byId = new Map(defs.map((d, i) => [d.id, computeSloStatus(d, batch.rates[i])]));
    const lb = byId.get("leaderboard-api.requests-latency.eu-west-1")!;

    // Burn over 5 m … 2 h: 20 % slow / 1 % allowed = 20.
    for (const w of ["5m", "30m", "1h", "2h"] as const) expect(lb.burnRates[w]).toBeCloseTo(20, 1);
    // 6 h: half slow (0.2) and half healthy (0.001): 0.1005 / 0.01 = 10.05.
    expect(lb.burnRates["6h"]).toBeCloseTo(10.05, 1);
    // 1 d: (3 h × 0.2 + 21 h × 0.001) / 24 h = 0.025875 → 2.5875 (< 2.8, the 28-day ticket threshold).
    expect(lb.burnRates["1d"]).toBeCloseTo(2.5875, 1);
    // Both page pairs fire at 28 d thresholds 13.44 (1 h & 5 m) and 5.6 (6 h & 30 m).
    expect(lb.state).toBe("page");
    expect(lb.firing.map((f) => `${f.long}/${f.short}`)).toEqual(["1h/5m", "6h/30m"]);

    // The 28 d window holds four days of data: bad = (3 h × 0.2 + 93 h × 0.001) / 96 h = 0.0072188,
    // SLI 0.9927813 (still ≥ 99 %); consumed 0.72188 budgets, remaining 0.27813.
    expect(lb.sli).toBeCloseTo(0.99278, 4);
    expect(lb.met).toBe(true);
    expect(lb.budget!.remaining).toBeCloseTo(0.2781, 2);
    // ETA at the 1 h burn: 0.27813 × 28 d / 20 = 0.38938 d ≈ 9.35 h.
    expect(lb.exhaustionInMs! / HOUR).toBeCloseTo(9.35, 0);

    // The error counter never fired: zero errors, SLI 100 %, not "no data".
    const avail = byId.get("leaderboard-api.requests-availability.eu-west-1")!;
    expect(avail.sli).toBe(1);
    expect(avail.state).toBe("ok");
    // us-east-1 is dormant: no series at all → no data.
    expect(byId.get("leaderboard-api.requests-latency.us-east-1")!.state).toBe("no-data");
    expect(byId.get("leaderboard-api.requests-latency.us-east-1")!.sli).toBeNull();

    // The typo is reported with Prometheus's own message and does not blank the others.
    expect(batch.errors).toEqual([{ slo: "broken.typo.eu-west-1", kind: "bad-query", message: expect.stringMatching(/^error query: .*parse error/) }]);
    // 7 burn windows + one 28 d window, one batch each, plus the bisection that isolated the typo.
    expect(batch.queryCount).toBeGreaterThanOrEqual(8);

    const gate = evaluateGate([...byId.values()], { regions: ["eu-west-1"], services: ["leaderboard-api"] });
    expect(gate.blocked).toBe(true);
    expect(gate.reasons).toEqual([expect.objectContaining({ slo: lb.slo, kind: "page-burn" })]);
  });

  it("measures the latency percentile with the SLO's latency query: p99 ≈ 7.3 s against 3 s; without one, not measured", async () => {
    const withLatency = sloYaml.replace(
      "        threshold: 3s\n",
      '        threshold: 3s\n        latency_query: histogram_quantile({{.quantile}}, sum by (le) (rate(http_request_duration_seconds_bucket{service="{{.service}}",region="{{.region}}"}[{{.window}}])))\n',
    );
    const defs = parseSloFile(withLatency, "slos.yaml").filter((d) => d.service === "leaderboard-api");
    const source = createPrometheusSliSource(createPrometheusClient({ url: prom.url }));
    const batch = await source.getWindowRates(defs, at);
    const status = (id: string) => computeSloStatus(defs.find((d) => d.id === id)!, batch.rates[defs.findIndex((d) => d.id === id)]);
    // 99th of 600 a minute is the 594th: 480 under 3 s, all 600 under 7.5 s → 3 + (594 − 480) / 120 × 4.5 = 7.275 s.
    const lb = status("leaderboard-api.requests-latency.eu-west-1");
    expect(lb.latency).toMatchObject({ quantile: 0.99, windowMs: 5 * MIN });
    expect(lb.latency!.ms! / 1000).toBeCloseTo(7.275, 2);
    // Dormant region: no requests, measured but empty.
    expect(status("leaderboard-api.requests-latency.us-east-1").latency).toMatchObject({ quantile: 0.99, ms: null });
    expect(status("leaderboard-api.requests-availability.eu-west-1").latency).toBeNull();
    // The shared file has no latency query: not measured.
    const plain = parseSloFile(sloYaml, "slos.yaml").filter((d) => d.service === "leaderboard-api");
    const plainBatch = await source.getWindowRates(plain, at);
    expect(computeSloStatus(plain[0], plainBatch.rates[0]).latency).toBeNull();
    expect(batch.errors).toEqual([]);
  });

  it("draws the SLI and budget series", async () => {
    const [def] = parseSloFile(sloYaml, "slos.yaml");
    const source = createPrometheusSliSource(createPrometheusClient({ url: prom.url }));
    const series = await source.getSeries(def, { start: at - 6 * HOUR, end: at, stepSec: 1800 }, undefined);
    expect(series.points).toHaveLength(13);
    const ratio = (p: (typeof series.points)[number]) => (p.step ? p.step.good / p.step.total : null);
    // Six hours ago the API was fast; at the end 80 % of requests are under 3 s.
    expect(ratio(series.points[0])).toBeCloseTo(0.999, 3);
    expect(ratio(series.points.at(-1)!)).toBeCloseTo(0.8, 3);
  });

  it("reports Prometheus down as unavailable, with every SLO empty", async () => {
    const defs = parseSloFile(sloYaml, "slos.yaml").slice(0, 2);
    const source = createPrometheusSliSource(createPrometheusClient({ url: "http://127.0.0.1:1", timeoutMs: 1000 }));
    const batch = await source.getWindowRates(defs, at);
    expect(batch.errors[0]).toMatchObject({ slo: null, kind: "unavailable" });
    expect(batch.rates.every((r) => r.window === null && r.burn["1h"] === null)).toBe(true);
  });

  it("with Meridian's recording rules loaded, reads every SLO's recorded series (one query per window) and gets the raw queries' numbers", async () => {
    const defs = parseSloFile(sloYaml, "slos.yaml").filter((d) => d.service === "leaderboard-api");
    const recording = await startPrometheus(buildOpenMetrics(leaderboardSeries()), { rules: recordingRulesYaml(defs) });
    try {
      const client = createPrometheusClient({ url: recording.url });
      const sent: string[] = [];
      const logged = { ...client, query: (q: string, t: number, s?: AbortSignal) => (sent.push(q), client.query(q, t, s)) };
      // Rules evaluate every second in this Prometheus: wait for the first recorded samples.
      for (let i = 0; i < 100; i++) {
        const res = await client.query('{__name__="meridian:slo_total:rate5m"}', Date.now());
        if (res.resultType === "vector" && res.series.length > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 1500));
      const now = Date.now();
      const recorded = await createPrometheusSliSource(logged).getWindowRates(defs, now);
      const raw = await createPrometheusSliSource(client, { recorded: false }).getWindowRates(defs, now);
      const latency = defs.findIndex((d) => d.id === "leaderboard-api.requests-latency.eu-west-1");
      const a = computeSloStatus(defs[latency], recorded.rates[latency]);
      const b = computeSloStatus(defs[latency], raw.rates[latency]);
      expect(a.state).toBe("page");
      for (const w of ["5m", "1h", "6h", "1d"] as const) expect(a.burnRates[w]!).toBeCloseTo(b.burnRates[w]!, 0);
      expect(a.sli!).toBeCloseTo(b.sli!, 3);
      // The live region's SLOs came from the recordings: no raw query named eu-west-1.
      expect(sent.filter((q) => q.includes('region="eu-west-1"'))).toEqual([]);
      expect(sent.filter((q) => q.startsWith('{__name__=~"meridian:slo_'))).toHaveLength(8);
      // The dormant region has no traffic, so no recorded series: its SLOs fell back to raw queries.
      expect(sent.some((q) => q.includes('region="us-east-1"'))).toBe(true);
    } finally {
      await recording.stop();
    }
  });
});
