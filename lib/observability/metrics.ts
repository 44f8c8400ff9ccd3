// A small in-process registry rendered in the Prometheus text format at /api/metrics.
type Labels = Record<string, string>;
type Counter = { help: string; values: Map<string, number> };
type Histogram = { help: string; buckets: number[]; series: Map<string, { counts: number[]; sum: number; count: number }> };

const registry = (globalThis as unknown as { meridianMetrics?: { counters: Map<string, Counter>; histograms: Map<string, Histogram> } });
registry.meridianMetrics ??= { counters: new Map(), histograms: new Map() };
const { counters, histograms } = registry.meridianMetrics;

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k].replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}

export function incCounter(name: string, help: string, labels: Labels = {}, by = 1): void {
  let c = counters.get(name);
  if (!c) counters.set(name, (c = { help, values: new Map() }));
  const k = key(labels);
  c.values.set(k, (c.values.get(k) ?? 0) + by);
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function observe(name: string, help: string, labels: Labels, seconds: number, buckets = DEFAULT_BUCKETS): void {
  let h = histograms.get(name);
  if (!h) histograms.set(name, (h = { help, buckets, series: new Map() }));
  const k = key(labels);
  let s = h.series.get(k);
  if (!s) h.series.set(k, (s = { counts: h.buckets.map(() => 0), sum: 0, count: 0 }));
  h.buckets.forEach((b, i) => {
    if (seconds <= b) s!.counts[i] += 1;
  });
  s.sum += seconds;
  s.count += 1;
}

function withLabels(k: string, extra?: string): string {
  const parts = [k, extra].filter(Boolean).join(",");
  return parts ? `{${parts}}` : "";
}

export function renderMetrics(): string {
  const out: string[] = [];
  for (const [name, c] of counters) {
    out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
    for (const [k, v] of c.values) out.push(`${name}${withLabels(k)} ${v}`);
  }
  for (const [name, h] of histograms) {
    out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
    for (const [k, s] of h.series) {
      h.buckets.forEach((b, i) => out.push(`${name}_bucket${withLabels(k, `le="${b}"`)} ${s.counts[i]}`));
      out.push(`${name}_bucket${withLabels(k, 'le="+Inf"')} ${s.count}`);
      out.push(`${name}_sum${withLabels(k)} ${s.sum}`, `${name}_count${withLabels(k)} ${s.count}`);
    }
  }
  return out.join("\n") + "\n";
}
