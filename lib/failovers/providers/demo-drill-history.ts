import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { MeridianConfig } from "@/lib/config/schema";
import type { Tx } from "@/lib/db/client";
import { rand } from "@/lib/demo/prng";
import { getDrillTargetRunbook, getRunbookTargets, getStepName } from "@/lib/runbooks/config-schema";
import { describeDrill, describeStep } from "../preflight";
import { toJson, type StoredPreflight } from "../run-record";
import { getRunbookVersion } from "../runbook-version";

// The demo fleet's drill history: a team that runs its runbooks against their drill targets every few
// weeks, written once, by the provider registry when it starts the demo fleet (like its deployment history), so readiness is not
// "never drilled" for every service on a fresh demo. Only drills against drill targets: they leave
// production where it was, so the recorded topology (which starts at that same moment) has nothing
// to record for them.

const DAY = 86_400_000;
const MIN = 60_000;

/** Ages of a runbook's past drills in days, newest last: the latest well inside its drillMaxAge. */
function drillAges(seed: number, service: string, maxAgeDays: number): number[] {
  const latest = Math.max(1, Math.floor(maxAgeDays * (0.15 + 0.45 * rand(seed, "drill-latest", service))));
  const earlier = latest + Math.max(7, Math.floor(maxAgeDays * (0.6 + 0.3 * rand(seed, "drill-earlier", service))));
  return [earlier + Math.max(7, Math.floor(maxAgeDays * 0.7)), earlier, latest];
}

/** Writes the past drills of every runbook that declares a drill target; returns how many. */
export async function seedDemoDrillHistory(tx: Tx, config: MeridianConfig, now: Date): Promise<number> {
  const seed = config.demo?.seed ?? 42;
  let written = 0;
  for (const rb of config.runbooks) {
    const drill = getDrillTargetRunbook(rb);
    if (!drill) continue;
    const owner = config.systems.flatMap((s) => s.services).find((s) => s.id === rb.service);
    const from = Object.entries(owner?.regions ?? {}).find(([, r]) => r === "active")?.[0];
    const to = (getRunbookTargets(rb) ?? config.regions.map((r) => r.id)).find((r) => r !== from);
    if (!from || !to) continue;
    const ages = drillAges(seed, rb.service, rb.drillMaxAge / DAY);
    for (const [i, age] of ages.entries()) {
      // The oldest one failed at its verify step and was rolled back: drills find things.
      const failed = i === 0 && rand(seed, "drill-failed", rb.service) < 0.5;
      const startedAt = new Date(now.getTime() - age * DAY - (2 + Math.floor(rand(seed, "drill-hour", rb.service, i) * 6)) * 3_600_000);
      const stepMs = (1 + rand(seed, "drill-step", rb.service, i)) * MIN;
      const finishedAt = new Date(startedAt.getTime() + stepMs * drill.steps.length);
      const rtoSeconds = failed ? null : Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000) + 120;
      const dataLossSeconds = failed ? null : Math.round(rand(seed, "drill-loss", rb.service, i) * (rb.rpo / 1000) * 0.6 * 10) / 10;
      const preflight: StoredPreflight = {
        service: rb.service,
        runbookName: rb.name ?? `${rb.service} runbook`,
        runbookVersion: getRunbookVersion(rb),
        from,
        to,
        readiness: { verdict: "ready", reasons: [], evaluatedAt: startedAt.toISOString() },
        expectedDataLossSec: dataLossSeconds,
        path: "planned",
        versions: [],
        steps: drill.steps.map((s, n) => ({ index: n, type: s.type, name: getStepName(s), detail: describeStep(s, to), skippedOnPath: null })),
        targets: { rtoMs: rb.rto, rpoMs: rb.rpo, drillMaxAgeMs: rb.drillMaxAge },
        overrideAllowed: true,
        drill: describeDrill(rb, "target", from, to),
        override: null,
        execution: { holder: "demo history", runner: "demo history", path: "planned", outcome: failed ? "failed" : "succeeded", rolledBack: failed, rollbackFailed: false, failedStep: failed ? { index: drill.steps.length - 1, name: getStepName(drill.steps.at(-1)!), error: "verify: p90 latency above the threshold for 4 min on the drill target" } : null },
      };
      const run = await tx.failoverRun.create({
        data: {
          service: rb.service,
          fromRegion: from,
          toRegion: to,
          runbookVersion: getRunbookVersion(rb),
          mode: "drill",
          drillKind: "target",
          state: failed ? "failed" : "succeeded",
          requestedById: "demo-history",
          requestedByName: "operator",
          reason: `Scheduled DR drill against ${rb.drillTarget?.name} (demo history)`,
          preflight: toJson(preflight),
          createdAt: new Date(startedAt.getTime() - 20 * MIN),
          startedAt,
          promotedAt: drill.steps.some((s) => s.type === "promote") ? new Date(startedAt.getTime() + stepMs * 3) : null,
          verifiedAt: failed ? null : finishedAt,
          finishedAt,
          rtoSeconds,
          dataLossSeconds,
          approvals: { create: [{ approverId: "demo-history", approverName: "commander", role: "incident-commander", runbookVersion: getRunbookVersion(rb), target: to, createdAt: new Date(startedAt.getTime() - 10 * MIN) }] },
        },
      });
      for (const [n, step] of drill.steps.entries()) {
        const last = n === drill.steps.length - 1;
        await tx.failoverStep.create({
          data: {
            runId: run.id,
            index: n,
            type: step.type,
            name: getStepName(step),
            state: failed && last ? "failed" : failed && step.type !== "precheck" && step.type !== "wait-for-lag" ? "rolled-back" : "succeeded",
            startedAt: new Date(startedAt.getTime() + n * stepMs),
            finishedAt: new Date(startedAt.getTime() + (n + 1) * stepMs),
            logChunks: { create: [{ seq: 0, text: `${describeStep(step, to)} — on ${rb.drillTarget?.name} (demo history)`, at: new Date(startedAt.getTime() + (n + 1) * stepMs) }] },
          },
        });
      }
      written += 1;
    }
  }
  if (written > 0)
    await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "demo.drill-history-seeded", target: { type: "demo-fleet", id: "drills" }, details: { drills: written, note: "past drills against each runbook's drill target, written when the demo fleet was first loaded" } });
  return written;
}
