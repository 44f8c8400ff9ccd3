import { SourceUnavailableError } from "@/lib/http/errors";
import { PromQLError, type PrometheusClient, type RangeSeries } from "@/lib/sources/prometheus";
import { latencyQueryFor, promDuration, queryForWindow } from "../definitions";
import type { SliBatch, SliError, SliSeriesPoint, SliSource } from "../sli-source";
import { seriesRateWindowSec } from "../sli-source";
import { recordedMetric, SLO_LABEL, windowsFor } from "../recording-rules";
import { BURN_WINDOWS, BURN_WINDOW_MS, LATENCY_WINDOW_MS, type BurnWindow, type SloDefinition, type SloWindowRates, type WindowRates } from "../types";

// SLIs from Prometheus. A collection cycle sends one query per window per batch of SLOs: every
// SLO's good/error and total expressions for that window joined with `or`, each tagged with a
// label naming SLO and part, so 500 SLOs × 8 windows is 8 × ⌈500 / batchSize⌉ requests, not 8,000.

const KEY = "meridian_sli";
type Part = "good" | "error" | "total";

export type PrometheusSliOptions = {
  batchSize?: number;
  concurrency?: number;
  /** Read Meridian's recording rules' series where they exist (default); false: raw queries only. */
  recorded?: boolean;
};

function tagged(expr: string, key: string): string {
  // label_replace with an empty source label and regex always matches: it just adds the tag.
  return `label_replace((${expr}), "${KEY}", "${key}", "", "")`;
}

async function pool<T>(tasks: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  });
  await Promise.all(workers);
  return out;
}

type PartValues = Map<string, { value: number; series: number }>;

function eventQueries(slo: SloDefinition): Array<[Part, string]> {
  const first: [Part, string] = slo.query.good !== null ? ["good", slo.query.good] : ["error", slo.query.error ?? ""];
  return [first, ["total", slo.query.total]];
}

/** good/total from the parts, with the awkward cases named in notes. */
function assemble(slo: SloDefinition, windowLabel: string, values: PartValues, idx: number, notes: string[]): WindowRates {
  const get = (part: Part) => values.get(`${idx}:${part}`);
  const total = get("total");
  for (const part of ["good", "error", "total"] as const) {
    const v = get(part);
    if (v && v.series > 1) notes.push(`${windowLabel}: the ${part} query returned ${v.series} series; they were summed`);
  }
  if (!total) {
    notes.push(`${windowLabel}: the total query returned no series`);
    return null;
  }
  if (Number.isNaN(total.value)) {
    notes.push(`${windowLabel}: the total query returned NaN`);
    return null;
  }
  if (slo.query.good !== null) {
    const good = get("good");
    if (!good || Number.isNaN(good.value)) {
      // No good series while requests flowed is a query problem, not "all bad": report no data.
      if (total.value > 0) notes.push(`${windowLabel}: the good query returned ${good ? "NaN" : "no series"}`);
      return total.value > 0 ? null : { good: 0, total: 0 };
    }
    return { good: good.value, total: total.value };
  }
  const error = get("error");
  // An error counter that never fired has no series at all: that is zero errors.
  const errors = error && !Number.isNaN(error.value) ? error.value : 0;
  return { good: total.value - errors, total: total.value };
}

export function createPrometheusSliSource(client: PrometheusClient, options: PrometheusSliOptions = {}): SliSource {
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;

  /** Prometheus's message for the SLO's own query, so positions point into what the user wrote. */
  async function explainBadQuery(slo: SloDefinition, window: string, at: number, batchError: PromQLError, signal?: AbortSignal): Promise<string> {
    for (const [part, q] of eventQueries(slo)) {
      try {
        await client.query(queryForWindow(q, window), at, signal);
      } catch (error) {
        if (error instanceof PromQLError) return `${part} query: ${error.prometheusMessage}`;
        throw error;
      }
    }
    return batchError.prometheusMessage;
  }

  /** Runs one tagged batch; on a PromQL error, finds which SLOs' queries are bad one by one. */
  async function runBatch(slos: SloDefinition[], window: string, at: number, errors: SliError[], signal?: AbortSignal): Promise<PartValues> {
    const terms = slos.flatMap((slo, i) => eventQueries(slo).map(([part, q]) => tagged(queryForWindow(q, window), `${i}:${part}`)));
    const values: PartValues = new Map();
    try {
      const res = await client.query(terms.join(" or "), at, signal);
      if (res.resultType !== "vector") return values;
      for (const s of res.series) {
        const key = s.metric[KEY];
        if (!key) continue;
        const prev = values.get(key);
        // Several series for one SLO part (a query without sum()): add them up, NaN stays NaN.
        values.set(key, { value: (prev?.value ?? 0) + s.sample.v, series: (prev?.series ?? 0) + 1 });
      }
      return values;
    } catch (error) {
      if (!(error instanceof PromQLError)) throw error;
      if (slos.length === 1) {
        errors.push({ slo: slos[0].id, kind: "bad-query", message: await explainBadQuery(slos[0], window, at, error, signal) });
        return values;
      }
      // Bisect: halves until the bad queries are alone, so one typo does not blank every SLO.
      const mid = Math.ceil(slos.length / 2);
      const [a, b] = await Promise.all([
        runBatch(slos.slice(0, mid), window, at, errors, signal),
        runBatch(slos.slice(mid), window, at, errors, signal),
      ]);
      for (const [k, v] of b) {
        const [i, part] = k.split(":");
        a.set(`${Number(i) + mid}:${part}`, v);
      }
      return a;
    }
  }

  /**
   * The recorded series of every SLO for one window: one query, whatever the number of SLOs. Keyed
   * like a batch's parts ("<slo id>:<part>"); SLOs without recorded series are simply absent.
   */
  async function readRecorded(window: string, at: number, signal?: AbortSignal): Promise<PartValues> {
    const names = (["good", "error", "total"] as const).map((p) => recordedMetric(p, window)).join("|");
    const res = await client.query(`{__name__=~"${names}"}`, at, signal);
    const values: PartValues = new Map();
    if (res.resultType !== "vector") return values;
    for (const series of res.series) {
      const slo = series.metric[SLO_LABEL];
      const part = /^meridian:slo_(good|error|total):/.exec(series.metric.__name__ ?? "")?.[1];
      if (!slo || !part) continue;
      const key = `${slo}:${part}`;
      const prev = values.get(key);
      values.set(key, { value: (prev?.value ?? 0) + series.sample.v, series: (prev?.series ?? 0) + 1 });
    }
    return values;
  }

  return {
    kind: "prometheus",
    async getWindowRates(slos, at, signal) {
      const before = client.requestCount();
      const errors: SliError[] = [];
      const rates: SloWindowRates[] = slos.map((s) => ({
        slo: s.id,
        at,
        window: null,
        burn: Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])) as Record<BurnWindow, WindowRates>,
        notes: [],
      }));
      const index = new Map(slos.map((s, i) => [s.id, i]));
      // Recorded series first: a window's SLOs found there need no raw query.
      const recorded = new Map<string, PartValues>();
      if (options.recorded !== false) {
        try {
          await pool(windowsFor(slos).map((w) => async () => void recorded.set(w, await readRecorded(w, at, signal))), concurrency);
        } catch (error) {
          if (!(error instanceof SourceUnavailableError) && !(error instanceof PromQLError)) throw error;
          recorded.clear();
        }
      }
      const fromRecording = (window: string, list: SloDefinition[], assign: (slo: SloDefinition, r: WindowRates) => void): SloDefinition[] => {
        const values = recorded.get(window);
        if (!values?.size) return list;
        const rest: SloDefinition[] = [];
        for (const slo of list) {
          if (!values.has(`${slo.id}:total`)) {
            rest.push(slo);
            continue;
          }
          const parts: PartValues = new Map([...values].filter(([k]) => k.startsWith(`${slo.id}:`)).map(([k, v]) => [`0:${k.slice(slo.id.length + 1)}`, v]));
          assign(slo, assemble(slo, `${window} (recorded)`, parts, 0, rates[index.get(slo.id)!].notes));
        }
        return rest;
      };
      // Windows → the SLOs that need them: every SLO for burn windows, per compliance window otherwise.
      type Job = { window: string; slos: SloDefinition[]; assign: (slo: SloDefinition, r: WindowRates) => void };
      const jobs: Job[] = [];
      const chunk = (list: SloDefinition[]) => Array.from({ length: Math.ceil(list.length / batchSize) }, (_, i) => list.slice(i * batchSize, (i + 1) * batchSize));
      for (const w of BURN_WINDOWS) {
        const window = promDuration(BURN_WINDOW_MS[w]);
        const assign = (s: SloDefinition, r: WindowRates) => (rates[index.get(s.id)!].burn[w] = r);
        for (const part of chunk(fromRecording(window, slos, assign))) jobs.push({ window, slos: part, assign });
      }
      const byWindow = new Map<number, SloDefinition[]>();
      for (const s of slos) byWindow.set(s.windowMs, [...(byWindow.get(s.windowMs) ?? []), s]);
      for (const [ms, list] of byWindow) {
        const window = promDuration(ms);
        const assign = (s: SloDefinition, r: WindowRates) => (rates[index.get(s.id)!].window = r);
        for (const part of chunk(fromRecording(window, list, assign))) jobs.push({ window, slos: part, assign });
      }
      try {
        await pool(
          jobs.map((job) => async () => {
            const values = await runBatch(job.slos, job.window, at, errors, signal);
            job.slos.forEach((slo, i) => job.assign(slo, assemble(slo, job.window, values, i, rates[index.get(slo.id)!].notes)));
          }),
          concurrency,
        );
      } catch (error) {
        if (!(error instanceof SourceUnavailableError)) throw error;
        errors.push({ slo: null, kind: "unavailable", message: error.message });
      }
      // The measured percentile of latency SLOs that carry a latency query; the rest stay "not measured".
      const measured = slos.filter((s) => s.kind === "latency" && s.query.latency);
      if (!errors.some((e) => e.kind === "unavailable")) {
        await pool(
          measured.map((slo) => async () => {
            const quantile = slo.objective / 100;
            try {
              const res = await client.query(latencyQueryFor(slo.query.latency!, promDuration(LATENCY_WINDOW_MS), quantile), at, signal);
              const v = res.resultType === "vector" && res.series.length ? res.series[0].sample.v : NaN;
              if (res.resultType === "vector" && res.series.length > 1) rates[index.get(slo.id)!].notes.push("latency query returned several series; the first is shown");
              // NaN: no requests in the window (histogram_quantile of zero rates).
              rates[index.get(slo.id)!].latency = { quantile, ms: Number.isFinite(v) ? v * 1000 : null, windowMs: LATENCY_WINDOW_MS };
            } catch (error) {
              if (error instanceof PromQLError) errors.push({ slo: slo.id, kind: "bad-query", message: `latency query: ${error.message}` });
              else if (!(error instanceof SourceUnavailableError)) throw error;
            }
          }),
          concurrency,
        );
      }
      // A bad query is reported once per SLO, not once per window.
      const unique = errors.filter((e, i) => errors.findIndex((x) => x.slo === e.slo && x.kind === e.kind) === i);
      return { rates, errors: unique, queryCount: client.requestCount() - before, fetchedAt: Date.now() };
    },

    async getSeries(slo, range, signal) {
      const rateWindow = promDuration(seriesRateWindowSec(range.stepSec) * 1000);
      const sloWindow = promDuration(slo.windowMs);
      const notes: string[] = [];
      const [firstPart, firstQuery] = eventQueries(slo)[0];
      const sum = (series: RangeSeries[]) => {
        const m = new Map<number, number>();
        for (const s of series) for (const p of s.samples) m.set(p.t, (m.get(p.t) ?? 0) + p.v);
        return m;
      };
      const [stepFirst, stepTotal, winFirst, winTotal] = await Promise.all(
        [queryForWindow(firstQuery, rateWindow), queryForWindow(slo.query.total, rateWindow), queryForWindow(firstQuery, sloWindow), queryForWindow(slo.query.total, sloWindow)].map(
          async (q) => sum((await client.queryRange(q, range, signal)).series),
        ),
      );
      const rates = (first: Map<number, number>, total: Map<number, number>, t: number): WindowRates => {
        const tot = total.get(t);
        if (tot === undefined || Number.isNaN(tot)) return null;
        const f = first.get(t);
        if (firstPart === "good") return f === undefined || Number.isNaN(f) ? (tot > 0 ? null : { good: 0, total: 0 }) : { good: f, total: tot };
        return { good: tot - (f !== undefined && !Number.isNaN(f) ? f : 0), total: tot };
      };
      const points: SliSeriesPoint[] = [];
      for (let t = range.start; t <= range.end; t += range.stepSec * 1000) {
        points.push({ t, step: rates(stepFirst, stepTotal, t), window: rates(winFirst, winTotal, t) });
      }
      if (stepTotal.size === 0) notes.push("the total query returned no series in this range");
      return { slo: slo.id, stepSec: range.stepSec, points, notes };
    },
  };
}

export type { SliBatch };
