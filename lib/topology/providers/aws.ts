import type { MeridianConfig } from "@/lib/config/schema";
import { getRunbookTargets, getStepName, getStepServices, type RunbookConfig, type StepOf } from "@/lib/runbooks/config-schema";
import { awsSourceFor } from "@/lib/config/aws-source";
import { getAwsCredentials } from "@/lib/sources/aws-credentials";
import { createRds } from "@/lib/sources/aws-rds";
import { createRoute53 } from "@/lib/sources/aws-route53";
import { createRoutingControl } from "@/lib/sources/aws-route53-arc";
import type { EvidenceReading, Observation, TopologyEvidenceSource } from "../evidence";

// Reads, never writes: the resources the runbooks' promote and shift-traffic steps change, through
// the same lib/sources clients and credentials the failover executors use.

type Reading = Omit<Observation, "since">;

function regionWhere<T>(map: Record<string, T>, test: (v: T) => boolean): string[] {
  return Object.entries(map).filter(([, v]) => test(v)).map(([r]) => r);
}

function one(regions: string[]): string | null {
  return regions.length === 1 ? regions[0] : null;
}

async function auroraWriter(config: MeridianConfig, rb: RunbookConfig, step: StepOf<"promote"> & { method: "aurora-global" }, signal: AbortSignal): Promise<Reading> {
  // Any member's region answers DescribeGlobalClusters; the runbook's first target region will do.
  const region = Object.keys(step.targetCluster)[0];
  const apiRegion = step.apiRegion?.[region] ?? region;
  const source = awsSourceFor(config, apiRegion);
  if (!source) throw new Error(`no source of kind "aws" for ${apiRegion}`);
  const rds = createRds({ credentials: getAwsCredentials(source, { region: apiRegion }), region: apiRegion, endpoint: source.endpoints?.rds ?? source.endpoint, timeoutMs: source.timeout });
  try {
    const gc = await rds.describeGlobalCluster(step.globalCluster, signal);
    const writerRegion = one(regionWhere(step.targetCluster, (arn) => arn === gc.writer));
    const moving = gc.failover && gc.failover.status !== "completed" ? `; ${gc.failover.status ?? "failover"} in flight` : "";
    return { runbook: rb.service, step: getStepName(step), kind: "aurora-writer", services: getStepServices(step, rb), activeRegion: moving ? null : writerRegion, detail: `Aurora ${step.globalCluster}: writer ${gc.writer ?? "none"}${moving}` };
  } finally {
    rds.destroy();
  }
}

async function route53Records(config: MeridianConfig, rb: RunbookConfig, step: StepOf<"shift-traffic"> & { method: "route53-weighted" | "route53-failover" }, signal: AbortSignal): Promise<Reading> {
  const source = awsSourceFor(config, null);
  if (!source) throw new Error('no source of kind "aws" (Route 53)');
  const r53 = createRoute53({ credentials: getAwsCredentials(source, {}), endpoint: source.endpoints?.route53 ?? source.endpoint, timeoutMs: source.timeout });
  try {
    const sets = await r53.listRecordSets(step.hostedZoneId, step.record, step.recordType, signal);
    const bySet = new Map(sets.map((s) => [s.setIdentifier ?? "", s]));
    const ofRegion = Object.fromEntries(Object.entries(step.sets).map(([region, set]) => [region, bySet.get(set.setIdentifier)]));
    const base = { runbook: rb.service, step: getStepName(step), services: getStepServices(step, rb) };
    if (step.method === "route53-weighted") {
      const detail = `Route 53 ${step.record} weights: ${Object.entries(ofRegion).map(([r, s]) => `${r}=${s?.weight ?? "missing"}`).join(", ")}`;
      return { ...base, kind: "route53-weights", activeRegion: one(regionWhere(ofRegion, (s) => (s?.weight ?? 0) > 0)), detail };
    }
    // Which set answers also depends on its health check; that status is not read here, so PRIMARY is what is claimed.
    const detail = `Route 53 ${step.record} failover records: ${Object.entries(ofRegion).map(([r, s]) => `${r}=${s?.failover ?? "missing"}`).join(", ")}`;
    return { ...base, kind: "route53-failover", activeRegion: one(regionWhere(ofRegion, (s) => s?.failover === "PRIMARY")), detail };
  } finally {
    r53.destroy();
  }
}

async function arcControls(config: MeridianConfig, rb: RunbookConfig, step: StepOf<"shift-traffic"> & { method: "route53-arc" }, signal: AbortSignal): Promise<Reading> {
  const source = awsSourceFor(config, null);
  if (!source) throw new Error('no source of kind "aws" (Route 53 ARC)');
  const arc = createRoutingControl({ credentials: getAwsCredentials(source, {}), endpoints: step.clusterEndpoints, timeoutMs: source.timeout });
  const states: Record<string, string> = {};
  try {
    for (const [region, arn] of Object.entries(step.controls)) states[region] = (await arc.getState(arn, signal)).state;
  } finally {
    arc.destroy();
  }
  return {
    runbook: rb.service,
    step: getStepName(step),
    kind: "arc-controls",
    services: getStepServices(step, rb),
    activeRegion: one(regionWhere(states, (s) => s === "On")),
    detail: `Route 53 ARC routing controls: ${Object.entries(states).map(([r, s]) => `${r}=${s}`).join(", ")}`,
  };
}

export const awsEvidenceSource: TopologyEvidenceSource = {
  kind: "aws",
  async observe(config, signal) {
    const out: EvidenceReading = { observations: [], errors: [] };
    for (const rb of config.runbooks) {
      if (!getRunbookTargets(rb)) continue;
      for (const step of rb.steps) {
        let read: Promise<Reading> | null = null;
        if (step.type === "promote" && step.method === "aurora-global") read = auroraWriter(config, rb, step, signal);
        else if (step.type === "shift-traffic" && step.method === "route53-arc") read = arcControls(config, rb, step, signal);
        else if (step.type === "shift-traffic") read = route53Records(config, rb, step, signal);
        if (!read) continue;
        try {
          out.observations.push(await read);
        } catch (error) {
          out.errors.push({ runbook: rb.service, step: getStepName(step), message: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return out;
  },
};

/** Whether the configuration has anything the AWS evidence source can read. */
export function hasAwsEvidence(config: MeridianConfig): boolean {
  return config.sources.some((s) => s.kind === "aws") && config.runbooks.some((rb) => rb.steps.some((s) => (s.type === "promote" && s.method === "aurora-global") || s.type === "shift-traffic"));
}
