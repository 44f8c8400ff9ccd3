import { formatDuration } from "./duration";
import type { MeridianConfig, SourceConfig } from "./schema";

/**
 * The effective configuration as a person reads it on Settings: one section per part of the file,
 * durations in words ("30 s", "24 h") instead of the milliseconds the parser yields.
 */
export type ConfigSummary = {
  regions: { id: string; name: string; provider: string; clusters: { id: string; kind: string; context: string | null }[] }[];
  sources: {
    name: string;
    kind: string;
    interval: string;
    timeout: string;
    staleAfter: string;
    /** True when staleAfter is derived (intervals × multiplier, CloudWatch's floor) rather than written. */
    staleAfterDerived: boolean;
    regions: string;
    target: string | null;
    /** Secret references as written (env:NAME): the value never leaves the server. */
    secrets: string[];
    roleArn: string | null;
  }[];
  staleAfterMultiplier: number;
  systems: { id: string; name: string; team: string; services: { id: string; name: string; team: string; tier: string; stateful: boolean; roles: { region: string; role: string }[] }[] }[];
  links: { id: string; service: string; route: string; engine: string; unit: string; rpo: string; warning: string; breach: string; source: string }[];
  workspaces: { name: string; dir: string; regions: string; services: string; approvals: number; approverRoles: string; approvalTtl: string; sloGate: boolean; freezeWindows: string[] }[];
  sloFile: string | null;
  runbooks: { service: string; name: string; rto: string; rpo: string; drillMaxAge: string; steps: string[] }[];
  retention: { key: string; keep: string }[];
};

const SECRET_KEYS = ["accessKeyId", "secretAccessKey", "sessionToken", "bearerToken"] as const;

function threshold(value: number, unit: string): string {
  if (unit === "seconds") return formatDuration(value * 1000);
  if (unit === "bytes") return value >= 1_000_000 ? `${Math.round(value / 100_000) / 10} MB` : value >= 1000 ? `${Math.round(value / 100) / 10} kB` : `${value} B`;
  return `${value} ${unit}`;
}

export function summarizeConfig(config: MeridianConfig, staleAfterMs: (source: SourceConfig) => number): ConfigSummary {
  const lookup = (o: unknown, key: string) => (o as Record<string, unknown>)[key];
  return {
    regions: config.regions.map((r) => ({
      id: r.id,
      name: r.name,
      provider: r.provider,
      clusters: config.clusters.filter((c) => c.region === r.id).map((c) => ({ id: c.id, kind: c.kind, context: c.context ?? null })),
    })),
    sources: config.sources.map((s) => ({
      name: s.name,
      kind: s.kind,
      interval: formatDuration(s.interval),
      timeout: formatDuration(s.timeout),
      staleAfter: formatDuration(staleAfterMs(s)),
      staleAfterDerived: s.staleAfter === undefined,
      regions: s.regions?.join(", ") ?? "all",
      target: s.url ?? s.kubeconfig ?? s.endpoint ?? null,
      secrets: SECRET_KEYS.flatMap((k) => (s[k] ? [`${k}: ${s[k]}`] : [])),
      roleArn: s.roleArn ?? null,
    })),
    staleAfterMultiplier: config.staleAfter,
    systems: config.systems.map((sys) => ({
      id: sys.id,
      name: sys.name,
      team: sys.team,
      services: sys.services.map((svc) => ({
        id: svc.id,
        name: svc.name,
        team: svc.team,
        tier: svc.tier,
        stateful: svc.stateful,
        roles: Object.entries(svc.regions).map(([region, role]) => ({ region, role })),
      })),
    })),
    links: config.links.map((l) => ({
      id: l.id,
      service: l.service,
      route: `${l.from} → ${l.to}`,
      engine: l.engine,
      unit: l.unit,
      rpo: formatDuration(l.rpo),
      warning: threshold(l.warning, l.unit),
      breach: threshold(l.breach, l.unit),
      source: l.source ?? "demo",
    })),
    workspaces: config.workspaces.map((w) => ({
      name: w.name,
      dir: w.dir,
      regions: w.regions.join(", "),
      services: w.services.join(", ") || "—",
      approvals: w.policy.approvals,
      approverRoles: w.policy.approverRoles.join(", "),
      approvalTtl: formatDuration(w.policy.approvalTtl),
      sloGate: w.policy.sloGate,
      freezeWindows: w.policy.freezeWindows.map((f) => [f.name, f.cron && `cron ${f.cron}${f.timezone ? ` (${f.timezone})` : ""}`, f.from && `from ${f.from}`, f.to && `to ${f.to}`].filter(Boolean).join(" ")),
    })),
    sloFile: config.slos?.file ?? null,
    runbooks: config.runbooks.map((rb) => ({
      service: rb.service,
      name: rb.name ?? rb.service,
      rto: formatDuration(rb.rto),
      rpo: formatDuration(rb.rpo),
      drillMaxAge: formatDuration(rb.drillMaxAge),
      steps: rb.steps.map((st) => (typeof lookup(st, "name") === "string" ? (lookup(st, "name") as string) : st.type)),
    })),
    retention: Object.entries(config.retention).map(([key, ms]) => ({ key, keep: formatDuration(ms as number) })),
  };
}
