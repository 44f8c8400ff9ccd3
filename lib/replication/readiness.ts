import { formatDuration } from "@/lib/config/duration";
import type { Health } from "@/lib/regions/types";
import { VERDICT_RANK, worstVerdict, type LinkStatus, type ReadinessReason, type ReadinessVerdict } from "./types";

export { VERDICT_ORDER, worstVerdict } from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Thresholds behind the verdict. Documented here because operators will ask "why at-risk?":
 * - A check that cannot be made is `unknown` with the reason, never ready: a link without current
 *   samples, a target whose inventory is dark, capacity nobody reported, a backup age without a source.
 * - replication: any link stalled, in breach or past its RPO → not-ready; warning → at-risk; unknown → unknown.
 * - target health: down → not-ready; degraded → at-risk; unreachable or unknown → unknown.
 * - capacity: the target must carry its own requests plus the active region's. Fits in today's
 *   allocatable → ok; fits only once node groups scale to their max → at-risk; beyond → not-ready.
 * - version parity: dormant behind active by 1–2 releases → at-risk, ≥ 3 → not-ready; versions
 *   differ with no known order → at-risk.
 * - backup (stateful services): newest successful backup ≤ 26 h → ok (daily plus slack), ≤ 72 h → at-risk,
 *   older or never → not-ready.
 * - failover drill: ≤ 90 d → ok; older or never → at-risk (never blocks on its own: drills are new).
 */
export const READINESS_THRESHOLDS = {
  releasesBehindAtRisk: 1,
  releasesBehindNotReady: 3,
  backupOkMs: 26 * HOUR,
  backupAtRiskMs: 72 * HOUR,
  drillOkMs: 90 * DAY,
} as const;

export type Resources = { cpu: number; memoryGiB: number };

export type ReadinessInput = {
  service: string;
  activeRegion: string;
  targetRegion: string;
  /** Links of this service into the target region; empty for a stateless service. */
  links: LinkStatus[];
  targetHealth: Health;
  /** null when capacity cannot be judged; `capacityUnknown` says why. */
  capacityUnknown?: string;
  capacity: {
    targetAllocatable: Resources;
    /** Allocatable once every node group is at its max size. */
    targetMaxAllocatable: Resources;
    targetRequested: Resources;
    activeRequested: Resources;
  } | null;
  /** null when either version is unknown; releasesBehind null when versions have no known order. */
  versions: { active: string; target: string; releasesBehind: number | null } | null;
  /** known: false when no backup source is configured (live fleets): the age is unknown, not "never". */
  backup: { required: boolean; lastSuccessAt: string | null; known?: boolean; unknownReason?: string; /** Which backup, for the message. */ detail?: string };
  lastDrillAt: string | null;
  /** The runbook's drillMaxAge; the default threshold when the service has no runbook. */
  drillMaxAgeMs?: number | null;
  now: number;
};

export type Readiness = {
  service: string;
  activeRegion: string;
  targetRegion: string;
  verdict: ReadinessVerdict;
  /** Every check that is not ok, worst first. */
  reasons: ReadinessReason[];
  /** Every check, including the ok ones, for the detail view. */
  checks: ReadinessReason[];
};

// Unknown ranks above at-risk: a known small risk is better than not knowing; only a known problem is worse.

function replicationCheck(links: LinkStatus[]): ReadinessReason {
  if (links.length === 0) return { check: "replication", verdict: "ready", message: "no replicated state" };
  const bad = links.filter((l) => l.state === "stalled" || l.state === "breach");
  if (bad.length) return { check: "replication", verdict: "not-ready", message: bad.map((l) => `${l.linkId} ${l.state}: ${l.reason}`).join("; ") };
  const blind = links.filter((l) => l.state === "unknown");
  if (blind.length) return { check: "replication", verdict: "unknown", message: blind.map((l) => `${l.linkId} unknown — ${l.reason}`).join("; ") };
  const warn = links.filter((l) => l.state === "warning");
  if (warn.length) return { check: "replication", verdict: "at-risk", message: warn.map((l) => `${l.linkId} ${l.state}: ${l.reason}`).join("; ") };
  return { check: "replication", verdict: "ready", message: `${links.length} link(s) within thresholds` };
}

function healthCheck(target: string, health: Health): ReadinessReason {
  if (health === "down") return { check: "target-health", verdict: "not-ready", message: `${target} is down` };
  if (health === "healthy") return { check: "target-health", verdict: "ready", message: `${target} is healthy` };
  if (health === "unreachable") return { check: "target-health", verdict: "unknown", message: `${target} is unreachable: its inventory sources missed their interval` };
  if (health === "unknown") return { check: "target-health", verdict: "unknown", message: `${target}'s health is unknown: no inventory collected` };
  return { check: "target-health", verdict: "at-risk", message: `${target} is ${health}` };
}

function capacityCheck(input: ReadinessInput): ReadinessReason {
  const c = input.capacity;
  if (!c) return { check: "capacity", verdict: "unknown", message: `capacity unknown: ${input.capacityUnknown ?? "no inventory for one of the regions"}` };
  const need = { cpu: c.targetRequested.cpu + c.activeRequested.cpu, memoryGiB: c.targetRequested.memoryGiB + c.activeRequested.memoryGiB };
  const fits = (have: Resources) => need.cpu <= have.cpu && need.memoryGiB <= have.memoryGiB;
  const needText = `needs ${need.cpu.toFixed(1)} CPU / ${need.memoryGiB.toFixed(0)} GiB`;
  if (fits(c.targetAllocatable)) {
    return { check: "capacity", verdict: "ready", message: `${needText}, has ${c.targetAllocatable.cpu.toFixed(1)} CPU / ${c.targetAllocatable.memoryGiB.toFixed(0)} GiB` };
  }
  if (fits(c.targetMaxAllocatable)) {
    return { check: "capacity", verdict: "at-risk", message: `${needText}: fits only after node groups scale out (max ${c.targetMaxAllocatable.cpu.toFixed(1)} CPU / ${c.targetMaxAllocatable.memoryGiB.toFixed(0)} GiB)` };
  }
  return { check: "capacity", verdict: "not-ready", message: `${needText}, more than ${input.targetRegion} can scale to (${c.targetMaxAllocatable.cpu.toFixed(1)} CPU / ${c.targetMaxAllocatable.memoryGiB.toFixed(0)} GiB)` };
}

function versionCheck(input: ReadinessInput): ReadinessReason {
  const v = input.versions;
  if (!v) return { check: "version-parity", verdict: "at-risk", message: "deployed versions unknown" };
  if (v.active === v.target) return { check: "version-parity", verdict: "ready", message: `both run ${v.active}` };
  const behind = v.releasesBehind;
  if (behind === null) return { check: "version-parity", verdict: "at-risk", message: `${input.targetRegion} runs ${v.target}, active runs ${v.active}` };
  if (behind <= 0) return { check: "version-parity", verdict: "ready", message: `${input.targetRegion} runs ${v.target} (not behind ${v.active})` };
  const verdict: ReadinessVerdict = behind >= READINESS_THRESHOLDS.releasesBehindNotReady ? "not-ready" : "at-risk";
  return { check: "version-parity", verdict, message: `${input.targetRegion} is ${behind} release(s) behind (${v.target} vs ${v.active})` };
}

function backupCheck(input: ReadinessInput): ReadinessReason {
  if (!input.backup.required) return { check: "backup", verdict: "ready", message: "stateless: no backup needed" };
  if (input.backup.known === false) return { check: "backup", verdict: "unknown", message: `last backup age unknown: ${input.backup.unknownReason ?? "no backup source configured"}` };
  const at = input.backup.lastSuccessAt;
  const detail = input.backup.detail ? ` (${input.backup.detail})` : "";
  if (!at) return { check: "backup", verdict: "not-ready", message: `no successful backup recorded${detail}` };
  const age = input.now - Date.parse(at);
  const text = `last successful backup ${formatDuration(age)} ago${detail}`;
  if (age <= READINESS_THRESHOLDS.backupOkMs) return { check: "backup", verdict: "ready", message: text };
  if (age <= READINESS_THRESHOLDS.backupAtRiskMs) return { check: "backup", verdict: "at-risk", message: text };
  return { check: "backup", verdict: "not-ready", message: text };
}

function drillCheck(input: ReadinessInput): ReadinessReason {
  if (!input.lastDrillAt) return { check: "failover-drill", verdict: "at-risk", message: "never drilled" };
  const age = input.now - Date.parse(input.lastDrillAt);
  const maxAge = input.drillMaxAgeMs ?? READINESS_THRESHOLDS.drillOkMs;
  const text = `last successful drill ${formatDuration(age)} ago`;
  return { check: "failover-drill", verdict: age <= maxAge ? "ready" : "at-risk", message: age <= maxAge ? text : `${text} (older than ${formatDuration(maxAge)})` };
}

/** One verdict for failing `service` over from its active region to `targetRegion`, with its reasons. */
export function getReadiness(input: ReadinessInput): Readiness {
  const checks = [
    replicationCheck(input.links),
    healthCheck(input.targetRegion, input.targetHealth),
    capacityCheck(input),
    versionCheck(input),
    backupCheck(input),
    drillCheck(input),
  ];
  const reasons = checks.filter((c) => c.verdict !== "ready").sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict]);
  return {
    service: input.service,
    activeRegion: input.activeRegion,
    targetRegion: input.targetRegion,
    verdict: worstVerdict(checks.map((c) => c.verdict)),
    reasons,
    checks,
  };
}
