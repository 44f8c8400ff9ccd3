import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { duration } from "@/lib/config/duration";
import { ConfigError, parseYamlWith, type ConfigIssue } from "@/lib/config/parse-config";
import type { MeridianConfig } from "@/lib/config/schema";
import type { SloDefinition } from "./types";

// The SLO file is Sloth's `prometheus/v1` spec (https://sloth.dev), several services per file,
// with a few Meridian fields on top. See docs/slos.md for the format and what differs from Sloth.

const WINDOW_PLACEHOLDER = "{{.window}}";
const DAY = 86_400_000;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");

const query = z
  .string()
  .min(1)
  .refine((q) => q.includes(WINDOW_PLACEHOLDER), {
    message: `the query must contain ${WINDOW_PLACEHOLDER} where the range goes, e.g. rate(x[${WINDOW_PLACEHOLDER}])`,
  });

const alertTarget = z.object({ disable: z.boolean().optional(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).strict();

const sloSchema = z
  .object({
    name: id,
    objective: z
      .number({ message: "objective must be a number of percent, e.g. 99.9" })
      .gt(0, "objective must be above 0 %")
      .lt(100, "objective must be below 100 % (100 % leaves no error budget)"),
    description: z.string().default(""),
    labels: z.record(z.string(), z.string()).default({}),
    /** Meridian: availability (default) or latency, with the threshold the query encodes. */
    kind: z.enum(["availability", "latency"]).default("availability"),
    threshold: duration.optional(),
    /**
     * Meridian, latency SLOs: the measured percentile in seconds, shown beside the threshold, e.g.
     * histogram_quantile({{.quantile}}, sum by (le) (rate(…_bucket{…}[{{.window}}]))). Unset: "not measured".
     */
    latency_query: query.optional(),
    /** Meridian: rolling compliance window; Sloth sets it per run (--default-slo-period). */
    window: duration.optional(),
    /** Meridian: requests per second below which burn alerts stay quiet. */
    minRequestRate: z.number().positive().optional(),
    sli: z
      .object({
        events: z
          .object({
            error_query: query.optional(),
            /** Meridian: the good events directly, instead of Sloth's error_query. */
            good_query: query.optional(),
            total_query: query,
          })
          .strict()
          .superRefine((e, ctx) => {
            if ((e.error_query === undefined) === (e.good_query === undefined))
              ctx.addIssue({ code: "custom", message: "give exactly one of error_query or good_query, with total_query" });
          })
          .optional(),
        raw: z.unknown().optional(),
        plugin: z.unknown().optional(),
      })
      .strict()
      .superRefine((sli, ctx) => {
        if (sli.raw !== undefined || sli.plugin !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [sli.raw !== undefined ? "raw" : "plugin"],
            message: "only sli.events is supported: Meridian needs event rates to tell zero traffic from a perfect SLI",
          });
        else if (!sli.events) ctx.addIssue({ code: "custom", path: ["events"], message: "sli.events with total_query is required" });
      }),
    /** Sloth's alert metadata: accepted so Sloth files load; Meridian evaluates burn alerts itself. */
    alerting: z
      .object({
        name: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
        page_alert: alertTarget.optional(),
        ticket_alert: alertTarget.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((slo, ctx) => {
    if (slo.kind === "latency" && slo.threshold === undefined)
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "a latency SLO needs threshold, e.g. 3s" });
    if (slo.kind === "availability" && slo.latency_query !== undefined)
      ctx.addIssue({ code: "custom", path: ["latency_query"], message: "latency_query only applies to kind: latency" });
    if (slo.latency_query !== undefined && !/\{\{\s*\.quantile\s*\}\}/.test(slo.latency_query))
      ctx.addIssue({ code: "custom", path: ["latency_query"], message: "latency_query needs {{.quantile}} where the percentile goes, e.g. histogram_quantile({{.quantile}}, …)" });
    if (slo.kind === "availability" && slo.threshold !== undefined)
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "threshold only applies to kind: latency" });
    if (slo.window !== undefined && (slo.window < DAY || slo.window > 90 * DAY))
      ctx.addIssue({ code: "custom", path: ["window"], message: "window must be between 1d and 90d (28d or 30d are usual)" });
  });

const serviceSchema = z
  .object({
    service: id,
    /** Meridian: one SLO per region; `{{.region}}` in queries takes each value. */
    regions: z.array(z.string().min(1)).min(1),
    labels: z.record(z.string(), z.string()).default({}),
    slos: z.array(sloSchema).min(1),
  })
  .strict()
  .superRefine((svc, ctx) => {
    const seen = new Set<string>();
    svc.slos.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: "custom", path: ["slos", i, "name"], message: `duplicate SLO name "${s.name}" in ${svc.service}` });
      seen.add(s.name);
    });
    if (new Set(svc.regions).size !== svc.regions.length) ctx.addIssue({ code: "custom", path: ["regions"], message: "a region is listed twice" });
  });

export const sloFileSchema = z
  .object({
    version: z.literal("prometheus/v1", { message: 'version must be "prometheus/v1" (Sloth\'s spec version)' }),
    /** Default compliance window for SLOs that do not set one. */
    window: duration.default(30 * DAY),
    services: z.array(serviceSchema).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.services.forEach((s, i) => {
      if (seen.has(s.service))
        ctx.addIssue({ code: "custom", path: ["services", i, "service"], message: `service "${s.service}" is listed twice; put its SLOs together` });
      seen.add(s.service);
    });
    if (file.window < DAY || file.window > 90 * DAY) ctx.addIssue({ code: "custom", path: ["window"], message: "window must be between 1d and 90d" });
  });
export type SloFile = z.infer<typeof sloFileSchema>;

function fill(template: string, vars: Record<string, string>): string {
  // Leave {{.window}} for the provider; fill the per-SLO ones now.
  return template.replace(/\{\{\s*\.(region|service)\s*\}\}/g, (_, key: string) => vars[key]);
}

/** One definition per service × SLO × region. */
export function expandSloFile(file: SloFile): SloDefinition[] {
  const out: SloDefinition[] = [];
  for (const svc of file.services) {
    for (const slo of svc.slos) {
      for (const region of svc.regions) {
        const vars = { region, service: svc.service };
        const events = slo.sli.events;
        if (!events) continue; // refused by the schema already
        out.push({
          id: `${svc.service}.${slo.name}.${region}`,
          service: svc.service,
          region,
          name: slo.name,
          description: slo.description,
          kind: slo.kind,
          objective: slo.objective,
          windowMs: slo.window ?? file.window,
          thresholdMs: slo.threshold ?? null,
          minRequestRate: slo.minRequestRate ?? null,
          labels: { ...svc.labels, ...slo.labels },
          query: {
            good: events.good_query ? fill(events.good_query, vars) : null,
            error: events.error_query ? fill(events.error_query, vars) : null,
            total: fill(events.total_query, vars),
            latency: slo.latency_query ? fill(slo.latency_query, vars) : null,
          },
        });
      }
    }
  }
  return out;
}

/** Parses SLO YAML; an invalid file throws ConfigError naming file, line and field. */
export function parseSloFile(text: string, file: string): SloDefinition[] {
  return expandSloFile(parseYamlWith(sloFileSchema, text, file));
}

export function loadSloFile(file: string): SloDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([{ file, line: null, field: "", message: `cannot read: ${(error as Error).message}` }]);
  }
  return parseSloFile(text, file);
}

/** SLOs that name a service or region the main configuration does not have. */
export function checkSloReferences(defs: SloDefinition[], config: MeridianConfig, file: string): ConfigIssue[] {
  const services = new Map(config.systems.flatMap((s) => s.services.map((svc) => [svc.id, svc] as const)));
  const issues: ConfigIssue[] = [];
  for (const d of defs) {
    const svc = services.get(d.service);
    if (!svc) issues.push({ file, line: null, field: `services.${d.service}`, message: `unknown service "${d.service}"` });
    else if (!svc.regions[d.region])
      issues.push({ file, line: null, field: `services.${d.service}.regions`, message: `${d.service} does not run in "${d.region}"` });
  }
  // One message per service/region pair is enough.
  return issues.filter((i, n) => issues.findIndex((j) => j.field === i.field && j.message === i.message) === n);
}

/** The query for one window, e.g. "1h" or "28d" (Prometheus duration syntax). */
export function queryForWindow(template: string, window: string): string {
  return template.split(WINDOW_PLACEHOLDER).join(window);
}

/** A latency query ready to run: the window and the percentile (0..1) filled in. */
export function latencyQueryFor(template: string, window: string, quantile: number): string {
  return queryForWindow(template, window).replace(/\{\{\s*\.quantile\s*\}\}/g, String(quantile));
}

/** Prometheus-syntax duration for a window in ms: 28d, 6h, 30m, 90s. */
export function promDuration(ms: number): string {
  for (const [unit, size] of [["d", DAY], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}
