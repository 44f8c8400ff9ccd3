import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { HTTP_METHODS } from "@/lib/http/methods";

// The console's own metrics, rendered in the Prometheus text format at /api/metrics: prom-client's
// process metrics (CPU, memory, event loop lag, GC, handles) plus the few below. Every label value
// comes from a bounded set — a route template, a method, a status, a configured job — never from a
// raw path or a caller's input.

type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"method" | "path" | "status">;
  collectorRuns: Counter<"source" | "job">;
  collectorErrors: Counter<"source" | "job">;
  collectorDuration: Histogram<"source" | "job">;
  consoleReplicaLag: Gauge;
  consoleEpoch: Gauge;
  consoleMode: Gauge<"mode">;
};

// One registry per process: Next may evaluate this module in more than one bundle, and dev reloads it.
const holder = globalThis as unknown as { meridianMetrics?: Metrics };

function metrics(): Metrics {
  if (holder.meridianMetrics) return holder.meridianMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  holder.meridianMetrics = {
    registry,
    httpDuration: new Histogram({
      name: "meridian_http_request_duration_seconds",
      help: "API request durations by route template",
      labelNames: ["method", "path", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    collectorRuns: new Counter({ name: "meridian_collector_runs_total", help: "Collector runs per job", labelNames: ["source", "job"], registers: [registry] }),
    collectorErrors: new Counter({ name: "meridian_collector_errors_total", help: "Collector errors per job", labelNames: ["source", "job"], registers: [registry] }),
    collectorDuration: new Histogram({
      name: "meridian_collector_duration_seconds",
      help: "Collector run duration",
      labelNames: ["source", "job"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    consoleReplicaLag: new Gauge({ name: "meridian_console_replica_lag_seconds", help: "How far this standby console's database replica is behind the primary's (NaN: unknown)", registers: [registry] }),
    consoleEpoch: new Gauge({ name: "meridian_console_epoch", help: "The fencing epoch of this console's database (raised by each takeover)", registers: [registry] }),
    consoleMode: new Gauge({ name: "meridian_console_mode", help: "1 for this console's mode: primary, standby or superseded", labelNames: ["mode"], registers: [registry] }),
  };
  return holder.meridianMetrics;
}

/** The console's own standby state, as last observed (lib/console/state.ts). */
export function observeConsole(s: { mode: "primary" | "standby" | "superseded"; epoch: number | null; replicaLagSeconds: number | null }): void {
  const m = metrics();
  for (const mode of ["primary", "standby", "superseded"] as const) m.consoleMode.set({ mode }, s.mode === mode ? 1 : 0);
  if (s.epoch !== null) m.consoleEpoch.set(s.epoch);
  m.consoleReplicaLag.set(s.mode === "standby" ? (s.replicaLagSeconds ?? Number.NaN) : 0);
}

const KNOWN_METHODS = new Set<string>(HTTP_METHODS);

/** One API request. `path` must be the route template (lib/http/route-template.ts), never the raw path. */
export function observeHttpRequest(labels: { method: string; path: string; status: number }, seconds: number): void {
  const method = KNOWN_METHODS.has(labels.method) ? labels.method : "other";
  metrics().httpDuration.observe({ method, path: labels.path, status: String(labels.status) }, seconds);
}

/** One collection run of a configured job; a failed run also counts as an error. */
export function observeCollectorRun(labels: { source: string; job: string }, outcome: { ok: true; seconds: number } | { ok: false }): void {
  const m = metrics();
  m.collectorRuns.inc(labels);
  if (outcome.ok) m.collectorDuration.observe(labels, outcome.seconds);
  else m.collectorErrors.inc(labels);
}

/** The text /api/metrics serves, with its content type. */
export async function renderMetrics(): Promise<{ contentType: string; text: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, text: await registry.metrics() };
}
