import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";

// What outside systems say about where services are active, read each collection cycle and kept as
// a snapshot; lib/topology/queries.ts compares it with the record. Providers: the demo fleet's own
// move log, and AWS (Aurora global database writer, Route 53 records, Route 53 ARC controls).

export const TOPOLOGY_EVIDENCE_KIND = "topology-evidence";

export type EvidenceKind = "aurora-writer" | "route53-weights" | "route53-failover" | "arc-controls" | "demo-fleet";

/** One reading: which region this system sends the services' traffic or writes to. */
export type Observation = {
  runbook: string;
  /** The runbook step whose resource was read (its name), e.g. "Promote Aurora secondary". */
  step: string;
  kind: EvidenceKind;
  /** The services this resource decides the active region of (the step's `services`). */
  services: string[];
  /** null: the reading names no single region (weights split, nothing On). */
  activeRegion: string | null;
  detail: string;
  /** When this reading was first seen saying this region (kept across cycles). */
  since: string;
};

export type EvidenceError = { runbook: string; step: string; message: string };

export type EvidenceSnapshot = { at: string; observations: Observation[]; errors: EvidenceError[] };

/** How a provider answers one cycle; `since` is filled in by the collector unless the provider knows when the change happened. */
export type EvidenceReading = { observations: Array<Omit<Observation, "since"> & { since?: string }>; errors: EvidenceError[] };

/** The small interface each truth source implements. */
export interface TopologyEvidenceSource {
  readonly kind: "demo" | "aws";
  observe(config: MeridianConfig, signal: AbortSignal): Promise<EvidenceReading>;
}

/** Carries each reading's `since` over from the previous snapshot while it keeps saying the same region. */
export function carrySince(reading: EvidenceReading, previous: EvidenceSnapshot | null, at: string): EvidenceSnapshot {
  const key = (o: Pick<Observation, "runbook" | "step" | "kind" | "activeRegion" | "services">) => `${o.runbook}|${o.step}|${o.kind}|${o.services.join(",")}|${o.activeRegion ?? ""}`;
  const before = new Map((previous?.observations ?? []).map((o) => [key(o), o.since]));
  return { at, observations: reading.observations.map((o) => ({ ...o, since: o.since ?? before.get(key(o)) ?? at })), errors: reading.errors };
}

/** What lib/topology asks the composition root for (lib/server/registry.ts): the reader of what a source says is active where. */
export type TopologyProviders = { evidenceSource(source: SourceConfig): TopologyEvidenceSource };
