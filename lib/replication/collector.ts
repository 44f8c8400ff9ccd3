import "server-only";
import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { db } from "@/lib/db/client";
import { SourceUnavailableError } from "@/lib/http/errors";
import { PromQLError } from "@/lib/sources/prometheus";
import { listSnapshots } from "@/lib/snapshots/store";
import type { LinkConfig } from "./config-schema";
import type { LagSource } from "./lag-source";
import { groupLinksBySource, lagSourceFor } from "./sources";
import type { LagSample } from "./types";

export const REPLICATION_KIND = "replication";

/** Samples kept per link: enough for the stall rule and a 20-minute sparkline. */
export const SAMPLE_WINDOW_MS = 20 * 60_000;
/** The simulation answers any instant for free, so demo links keep 5 s resolution (stalls show within one interval). */
const DEMO_STEP_SEC = 5;
const CONCURRENCY = 16;

/** What the collector stores per link (snapshot kind "replication", key = link id). */
export type LinkSnapshot = {
  linkId: string;
  /** Oldest first, within SAMPLE_WINDOW_MS of the last read; kept across failed reads (last-known). */
  samples: LagSample[];
  lastRead: {
    at: string;
    /** false when the read failed or gave no usable value. */
    ok: boolean;
    series: number;
    /** e.g. "no series", "the query returned NaN", "3 series; showing the largest lag". */
    note: string | null;
    error: string | null;
    /** "query": the link's own expression or metric is wrong; "source": the source failed. */
    errorKind: "query" | "source" | null;
  };
};

export type LinkReadError = { linkId: string; kind: "query" | "source"; message: string };

export function jobNameFor(source: Pick<SourceConfig, "name">): string {
  return `${source.name}/${REPLICATION_KIND}/links`;
}

function mergeSamples(old: LagSample[], fresh: LagSample[], now: number): LagSample[] {
  const byT = new Map<number, LagSample>();
  for (const s of old) byT.set(s.t, s);
  for (const s of fresh) if (Number.isFinite(s.lag)) byT.set(s.t, s);
  return [...byT.values()].filter((s) => s.t >= now - SAMPLE_WINDOW_MS).sort((a, b) => a.t - b.t);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

function describe(error: unknown): { kind: "query" | "source"; message: string } {
  if (error instanceof PromQLError) return { kind: "query", message: error.message };
  return { kind: "source", message: error instanceof Error ? error.message : String(error) };
}

/**
 * One cycle over the links of one source. Live sources: an instant read per link, plus a range
 * read when the stored samples have a gap (first run, after an outage) so sparklines and the
 * stall rule have history at once. A failed link keeps its samples and records the error.
 */
export async function collectLinks(
  lagSource: LagSource,
  links: LinkConfig[],
  previous: Map<string, LinkSnapshot>,
  opts: { now: number; intervalMs: number; mode: "instant" | "series"; signal: AbortSignal },
): Promise<{ snapshots: LinkSnapshot[]; errors: LinkReadError[] }> {
  const { now, signal } = opts;
  const errors: LinkReadError[] = [];
  const snapshots = await mapLimit(links, CONCURRENCY, async (link): Promise<LinkSnapshot> => {
    const old = previous.get(link.id)?.samples ?? [];
    const at = new Date(now).toISOString();
    try {
      if (opts.mode === "series") {
        const samples = await lagSource.getLagSeries(link, { start: now - SAMPLE_WINDOW_MS, end: now }, DEMO_STEP_SEC, signal);
        const merged = mergeSamples(old, samples, now);
        const last = merged.at(-1);
        const current = !!last && now - last.t <= opts.intervalMs;
        return { linkId: link.id, samples: merged, lastRead: { at, ok: current, series: 1, note: current ? null : "no new samples", error: null, errorKind: null } };
      }
      const reading = await lagSource.getLag(link, now, signal);
      let fresh = reading.sample ? [reading.sample] : [];
      const newest = old.at(-1)?.t ?? 0;
      if (now - newest > 2 * opts.intervalMs) {
        // A gap: fill it from the source's history. Best effort; the instant read already counts.
        const from = Math.max(newest + 1, now - SAMPLE_WINDOW_MS);
        const step = Math.max(1, Math.round(opts.intervalMs / 1000));
        const history = await lagSource.getLagSeries(link, { start: from, end: now }, step, signal).catch(() => []);
        fresh = [...history, ...fresh];
      }
      return {
        linkId: link.id,
        samples: mergeSamples(old, fresh, now),
        lastRead: { at, ok: !!reading.sample, series: reading.series, note: reading.note, error: null, errorKind: null },
      };
    } catch (error) {
      if (signal.aborted) throw error;
      const d = describe(error);
      errors.push({ linkId: link.id, ...d });
      return { linkId: link.id, samples: old, lastRead: { at, ok: false, series: 0, note: null, error: d.message, errorKind: d.kind } };
    }
  });
  return { snapshots, errors };
}

/**
 * Per-link problems become the job's error on Settings (the SourceStatus row), while the links
 * that worked are stored: one bad PromQL must not blank every other link of its Prometheus.
 */
async function recordLinkErrors(jobName: string, errors: LinkReadError[]): Promise<void> {
  const first = errors.slice(0, 3).map((e) => `link ${e.linkId}: ${e.message}`);
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : "";
  await db().sourceStatus.update({
    where: { name: jobName },
    data: { lastError: `${first.join("; ")}${more}`.slice(0, 2000), lastErrorAt: new Date(), errorCount: { increment: 1 } },
  });
}

function jobFor(config: MeridianConfig, source: SourceConfig, links: LinkConfig[]): CollectionJob {
  const name = jobNameFor(source);
  return {
    name,
    source,
    intervalMs: source.interval,
    // Each request has the source's timeout; the cycle gets a little more so one slow link is reported, not the job.
    timeoutMs: source.timeout + 5_000,
    async collect(signal) {
      const now = Date.now();
      const lagSource = await lagSourceFor(source, config, { pinnedAt: now });
      const stored = await listSnapshots<LinkSnapshot>(REPLICATION_KIND, links.map((l) => l.id));
      const previous = new Map(stored.map((s) => [s.key, s.data]));
      const { snapshots, errors } = await collectLinks(lagSource, links, previous, {
        now,
        intervalMs: source.interval,
        mode: source.kind === "demo" ? "series" : "instant",
        signal,
      });
      // Every link failed for the source's own reasons: the source is down. Throw, so the job is
      // marked failed and the last snapshots stay as they were (last-known, with their age).
      const sourceErrors = errors.filter((e) => e.kind === "source");
      if (links.length > 0 && sourceErrors.length === links.length) throw new SourceUnavailableError(sourceErrors[0].message);
      // Each link's data is as old as its newest sample (CloudWatch's arrive minutes late).
      return snapshots.map((s) => ({ kind: REPLICATION_KIND, key: s.linkId, data: s, takenAt: s.samples.length ? new Date(s.samples[s.samples.length - 1].t) : undefined }));
    },
    async afterSave(writes) {
      const errors = writes.flatMap((w): LinkReadError[] => {
        const read = (w.data as LinkSnapshot).lastRead;
        return read.error && read.errorKind ? [{ linkId: w.key, kind: read.errorKind, message: read.error }] : [];
      });
      if (errors.length) await recordLinkErrors(name, errors);
    },
  };
}

export const replicationCollector: CollectorDomain = {
  domain: REPLICATION_KIND,
  jobsFor: (config) => groupLinksBySource(config).map(({ source, links }) => jobFor(config, source, links)),
};
