import "server-only";
import { execFile, type ExecFileOptionsWithStringEncoding } from "node:child_process";
import { getChildProcessEnv } from "@/lib/env";
import type { ArcEndpoint, RoutingControl } from "@/lib/sources/aws-route53-arc";
import type { Rds } from "@/lib/sources/aws-rds";
import type { RecordSet, Route53 } from "@/lib/sources/aws-route53";
import type { KubernetesScaler } from "@/lib/sources/kubernetes-scale";
import { getStepName, type RunbookConfig, type RunbookStep, type StepOf } from "@/lib/runbooks/config-schema";
import { getPromoteAction } from "./execute-runbook";
import { createPrecheckExecutor, createVerifyExecutor, createWaitForLagExecutor, type HealthProbe, type LagProbe, type ReadinessProbe } from "./standard-steps";
import type { StepContext, StepExecutor, StepExecutors } from "./types";

// Step executors for real infrastructure, built on the lib/sources clients. Each mutating step
// reads the state it is about to change first, so its rollback can put exactly that back.

export type RunCommand = (argv: string[], signal: AbortSignal) => Promise<{ stdout: string; stderr: string }>;

/** How the executors reach the outside; the caller builds them from config and secrets. */
export type LiveProviders = {
  rds(region: string): Rds;
  route53(): Route53;
  arc(endpoints: ArcEndpoint[]): RoutingControl;
  /** A scaler for a config cluster id. */
  kubernetes(clusterId: string): KubernetesScaler;
  runCommand: RunCommand;
};

export type LiveExecutorDeps = {
  providers: LiveProviders;
  getReadiness: ReadinessProbe;
  getLagSeconds: LagProbe;
  checkTargetHealth: HealthProbe;
  services?: string[];
  /** Poll interval while waiting for Aurora writers and Route 53 INSYNC. */
  pollMs?: number;
};

/** execFile with an argument array (no shell), a fixed working folder and the child env; output capped. */
export function createCommandRunner(cwd: string, timeoutMs = 5 * 60_000): RunCommand {
  return (argv, signal) =>
    new Promise((resolve, reject) => {
      const [file, ...args] = argv;
      const options: ExecFileOptionsWithStringEncoding = {
        cwd,
        // Next's types make NODE_ENV required on ProcessEnv; a child process needs no such thing.
        env: getChildProcessEnv() as NodeJS.ProcessEnv,
        timeout: timeoutMs,
        signal,
        maxBuffer: 1024 * 1024,
        encoding: "utf8",
      };
      execFile(file, args, options, (err, stdout, stderr) => {
        if (err) reject(new Error(`${argv.join(" ")}: ${err.message.split("\n")[0]}${stderr ? ` — ${stderr.trim().split("\n").slice(-3).join(" | ")}` : ""}`));
        else resolve({ stdout, stderr });
      });
    });
}

function need<T>(map: Record<string, T>, region: string, what: string): T {
  const v = map[region];
  if (v === undefined) throw new Error(`the runbook has no ${what} for ${region}`);
  return v;
}

async function runLogged(run: RunCommand, argv: string[], ctx: StepContext): Promise<void> {
  ctx.log(`$ ${argv.join(" ")}`);
  const out = await run(argv, ctx.signal);
  for (const line of `${out.stdout}${out.stderr}`.trim().split("\n").filter(Boolean).slice(-20)) ctx.log(`  ${line}`);
}

/** A `rollback: { command }` in the runbook replaces the step type's own undo. */
function withConfiguredRollback<S extends RunbookStep>(exec: StepExecutor<S>, run: RunCommand): StepExecutor<S> {
  return {
    run: exec.run.bind(exec),
    async rollback(step, ctx, undo) {
      if (typeof step.rollback === "object") return runLogged(run, step.rollback.command, ctx);
      if (!exec.rollback) return;
      return exec.rollback(step, ctx, undo);
    },
  };
}

type WeightUndo = { sets: RecordSet[] };
type ArcUndo = { states: Array<{ arn: string; state: "On" | "Off" }> };
type ScaleUndo = { before: Array<{ namespace: string; name: string; kind: "deployment" | "statefulset"; replicas: number }> };
type PromoteUndo = { previousWriter: string | null; apiRegion: string } | null;

export function createLiveStepExecutors(runbook: RunbookConfig, deps: LiveExecutorDeps): StepExecutors {
  const { providers } = deps;
  const pollMs = deps.pollMs ?? 5000;

  const promote: StepExecutor<StepOf<"promote">> = {
    async run(step, ctx) {
      const action = getPromoteAction(step, ctx.path);
      if (step.method === "aurora-global") {
        const target = need(step.targetCluster, ctx.to, "target cluster");
        const apiRegion = step.apiRegion?.[ctx.to] ?? ctx.to;
        const rds = providers.rds(apiRegion);
        const before = await rds.describeGlobalCluster(step.globalCluster, ctx.signal);
        ctx.log(`${step.globalCluster}: writer ${before.writer ?? "none"}, status ${before.status ?? "?"}`);
        if (before.writer === target) return { outcome: "skipped", reason: `${target} is already the writer` };
        const started = action === "aurora-switchover" ? await rds.switchoverGlobalCluster(step.globalCluster, target, ctx.signal) : await rds.failoverGlobalCluster(step.globalCluster, target, ctx.signal);
        ctx.log(`${action === "aurora-switchover" ? "SwitchoverGlobalCluster" : "FailoverGlobalCluster AllowDataLoss=true"} → ${target}: ${started.failover?.status ?? started.status ?? "accepted"}`);
        await rds.waitForWriter(step.globalCluster, target, { pollMs, signal: ctx.signal, onPoll: (s) => ctx.log(`  writer ${s.writer ?? "none"}, ${s.failover?.status ?? s.status ?? ""}`) });
        ctx.log(`${target} is the writer`);
        const undo: PromoteUndo = action === "aurora-switchover" ? { previousWriter: before.writer, apiRegion } : null;
        return { outcome: "succeeded", undo };
      }
      if (step.method === "rds-promote") {
        const replica = need(step.replica, ctx.to, "replica");
        const out = await providers.rds(ctx.to).promoteReadReplica(replica, ctx.signal);
        ctx.log(`PromoteReadReplica ${out.id}: ${out.status ?? "accepted"} (was replica of ${out.sourceWas ?? "?"})`);
        return { outcome: "succeeded", undo: null };
      }
      await runLogged(providers.runCommand, need(step.command, ctx.to, "promote command"), ctx);
      return { outcome: "succeeded", undo: null };
    },
    async rollback(step, ctx, undo) {
      if (step.method === "aurora-global") {
        const u = undo as PromoteUndo;
        // After FailoverGlobalCluster the old primary is detached or gone: no call puts it back.
        if (!u?.previousWriter) throw new Error(`the ${ctx.path === "data-loss" ? "failover" : "promotion"} of ${step.globalCluster} cannot be undone automatically; rebuild ${ctx.from} as a secondary`);
        await providers.rds(u.apiRegion).switchoverGlobalCluster(step.globalCluster, u.previousWriter, ctx.signal);
        await providers.rds(u.apiRegion).waitForWriter(step.globalCluster, u.previousWriter, { pollMs, signal: ctx.signal });
        ctx.log(`switched ${step.globalCluster} back to ${u.previousWriter}`);
        return;
      }
      if (step.method === "rds-promote") throw new Error("a promoted RDS replica cannot be demoted; rebuild the replication by hand (set rollback: none to record this as expected)");
      const back = step.command[ctx.from];
      if (!back) throw new Error(`the runbook has no promote command for ${ctx.from} to promote back with`);
      await runLogged(providers.runCommand, back, ctx);
    },
  };

  const scale: StepExecutor<StepOf<"scale">> = {
    async run(step, ctx) {
      const scaler = providers.kubernetes(need(step.cluster, ctx.to, "cluster"));
      const before: ScaleUndo["before"] = [];
      for (const w of step.workloads) {
        const out = await scaler.setReplicas({ kind: w.kind, namespace: w.namespace, name: w.name }, w.replicas, ctx.signal);
        before.push({ ...w, replicas: out.before });
        ctx.log(`${w.kind} ${w.namespace}/${w.name} in ${scaler.context}: ${out.before} → ${out.after}`);
      }
      return { outcome: "succeeded", undo: { before } satisfies ScaleUndo };
    },
    async rollback(step, ctx, undo) {
      const scaler = providers.kubernetes(need(step.cluster, ctx.to, "cluster"));
      for (const w of [...(undo as ScaleUndo).before].reverse()) {
        await scaler.setReplicas({ kind: w.kind, namespace: w.namespace, name: w.name }, w.replicas, ctx.signal);
        ctx.log(`${w.kind} ${w.namespace}/${w.name} back to ${w.replicas}`);
      }
    },
  };

  const shiftTraffic: StepExecutor<StepOf<"shift-traffic">> = {
    async run(step, ctx) {
      if (step.method === "route53-arc") {
        const arc = providers.arc(step.clusterEndpoints);
        const target = need(step.controls, ctx.to, "routing control");
        const states: ArcUndo["states"] = [];
        for (const arn of Object.values(step.controls)) states.push({ arn, state: (await arc.getState(arn, ctx.signal)).state });
        const wanted = Object.entries(step.controls).map(([region, arn]) => ({ arn, state: region === ctx.to ? ("On" as const) : ("Off" as const) }));
        const out = await arc.updateStates(wanted, { safetyRulesToOverride: step.safetyRulesToOverride, signal: ctx.signal });
        ctx.log(`routing control ${target} On, others Off (via ${out.endpoint}${out.tried.length ? `; tried ${out.tried.join("; ")}` : ""})`);
        return { outcome: "succeeded", undo: { states } satisfies ArcUndo };
      }
      const r53 = providers.route53();
      const current = await r53.listRecordSets(step.hostedZoneId, step.record, step.recordType, ctx.signal);
      need(step.sets, ctx.to, "record set");
      const next: RecordSet[] = Object.entries(step.sets).map(([region, set]) => {
        const base: RecordSet = { name: step.record, type: step.recordType, setIdentifier: set.setIdentifier, ttl: step.ttl, values: set.values };
        if (step.method === "route53-weighted") return { ...base, weight: region === ctx.to ? step.weight : 0 };
        const hc = step.method === "route53-failover" ? step.sets[region]?.healthCheckId : undefined;
        return { ...base, failover: region === ctx.to ? "PRIMARY" : "SECONDARY", healthCheckId: hc };
      });
      // Failover routing allows one PRIMARY and one SECONDARY: only the two regions in play.
      const sets = step.method === "route53-failover" ? next.filter((s) => s.setIdentifier === step.sets[ctx.to].setIdentifier || s.setIdentifier === step.sets[ctx.from]?.setIdentifier) : next;
      const change = await r53.changeRecordSets(step.hostedZoneId, sets.map((set) => ({ action: "UPSERT", set })), `meridian ${ctx.mode} ${ctx.runId ?? ""} ${ctx.service} ${ctx.from}→${ctx.to}`.trim(), ctx.signal);
      ctx.log(`ChangeResourceRecordSets ${change.id}: ${sets.map((s) => `${s.setIdentifier}=${s.weight ?? s.failover}`).join(", ")}`);
      await r53.waitForInsync(change.id, { pollMs, signal: ctx.signal });
      ctx.log(`${change.id} INSYNC`);
      const previous = current.filter((c) => sets.some((s) => s.setIdentifier === c.setIdentifier));
      return { outcome: "succeeded", undo: { sets: previous } satisfies WeightUndo };
    },
    async rollback(step, ctx, undo) {
      if (step.method === "route53-arc") {
        const { states } = undo as ArcUndo;
        await providers.arc(step.clusterEndpoints).updateStates(states, { safetyRulesToOverride: step.safetyRulesToOverride, signal: ctx.signal });
        ctx.log(`routing controls restored: ${states.map((s) => `${s.arn.split("/").at(-1)}=${s.state}`).join(", ")}`);
        return;
      }
      const { sets } = undo as WeightUndo;
      if (sets.length === 0) return;
      const r53 = providers.route53();
      const change = await r53.changeRecordSets(step.hostedZoneId, sets.map((set) => ({ action: "UPSERT", set })), `meridian rollback ${ctx.runId ?? ""}`.trim(), ctx.signal);
      await r53.waitForInsync(change.id, { pollMs, signal: ctx.signal });
      ctx.log(`records restored (${change.id} INSYNC)`);
    },
  };

  const freezeWrites: StepExecutor<StepOf<"freeze-writes">> = {
    async run(step, ctx) {
      if (!step.command) return { outcome: "skipped", reason: "no freeze command in the runbook" };
      await runLogged(providers.runCommand, step.command, ctx);
      return { outcome: "succeeded" };
    },
    async rollback(step, ctx) {
      if (step.unfreezeCommand) await runLogged(providers.runCommand, step.unfreezeCommand, ctx);
      else ctx.log(`no unfreeze command for "${getStepName(step)}"; writes stay frozen`);
    },
  };

  const run = providers.runCommand;
  return {
    precheck: createPrecheckExecutor(deps.getReadiness, deps.services ?? [runbook.service]),
    "freeze-writes": withConfiguredRollback(freezeWrites, run),
    "wait-for-lag": createWaitForLagExecutor(deps.getLagSeconds),
    promote: withConfiguredRollback(promote, run),
    scale: withConfiguredRollback(scale, run),
    "shift-traffic": withConfiguredRollback(shiftTraffic, run),
    verify: createVerifyExecutor(deps.checkTargetHealth),
  };
}
