import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { db } from "@/lib/db/client";
import { checkDemoTargetHealth, measureDemoLagSeconds } from "@/lib/demo/failover";
import type { DemoFleet } from "@/lib/demo/fleet";
import { getFleetState, writeFleetState } from "@/lib/demo/state";
import { getServiceReadiness } from "@/lib/replication/queries";
import { getRunbookServices, getStepServices, type RunbookConfig, type RunbookStep } from "@/lib/runbooks/config-schema";
import { getPromoteAction } from "../execute-runbook";
import { createPrecheckExecutor, createVerifyExecutor, createWaitForLagExecutor, type ReadinessProbe } from "../standard-steps";
import type { StepContext, StepExecutor, StepExecutors } from "../types";

// Step executors for the demo fleet: nothing outside is called; promote, shift-traffic (and a scale
// step that names services) move the services' active region in the simulated infrastructure (its
// move log in the fleet state), in a transaction with an audit row, so inventory, replication
// direction, versions and SLIs follow the failover. Each move reports its instant: a succeeded run
// records the topology change at exactly that instant, so the simulated past stays as it was shown.
// Drills against a declared drill target move nothing in production.

/** The move log keeps this many entries (the record keeps the history; the log only needs what it has not recorded). */
const MAX_MOVES = 500;

export type DemoFailoverDeps = {
  actor: { id: string | null; name: string };
  runId?: string | null;
  getReadiness?: ReadinessProbe;
  loadFleet: (at?: number) => Promise<DemoFleet>;
};

/** Service → the region that was active before the step moved it. */
type Previous = Record<string, string | null>;

export function createDemoStepExecutors(runbook: RunbookConfig, deps: DemoFailoverDeps): StepExecutors {
  const { loadFleet } = deps;
  const services = getRunbookServices(runbook);

  /** Moves each service's active region to its target at ctx.now(); returns what was active before and when it moved. */
  async function move(step: RunbookStep, ctx: StepContext, targets: Record<string, string | null>, undo: boolean): Promise<{ previous: Previous; at: number }> {
    const fleet = await loadFleet();
    return db().$transaction(async (tx) => {
      const state = await getFleetState(tx);
      const at = ctx.now();
      const previous: Previous = {};
      const moves = [...state.moves];
      for (const [service, to] of Object.entries(targets)) {
        const svc = fleet.topology.services.find((s) => s.id === service);
        if (!svc) throw new Error(`demo fleet has no service "${service}"`);
        previous[service] = svc.activeRegion;
        if (to === null || to === svc.activeRegion) continue;
        if (!svc.roles[to]) throw new Error(`${service} does not run in ${to}`);
        moves.push({ service, region: to, at: new Date(at).toISOString() });
      }
      await writeFleetState(tx, { ...state, moves: moves.slice(-MAX_MOVES) }, deps.actor.name);
      await appendAuditEvent(tx, {
        actor: deps.actor,
        action: undo ? `failover.step.${step.type}.rolled-back` : `failover.step.${step.type}`,
        target: { type: "failover-run", id: deps.runId ?? null },
        details: { service: ctx.service, from: ctx.from, to: ctx.to, mode: ctx.mode, path: ctx.path, set: targets, previous, at: new Date(at).toISOString(), demo: true },
      });
      return { previous, at };
    });
  }

  /** An executor that moves the step's services to the target, and back on rollback; nothing moves in a drill against a drill target. */
  function mover<S extends RunbookStep>(describe: (step: S, ctx: StepContext) => string): StepExecutor<S> {
    return {
      async run(step, ctx) {
        ctx.log(describe(step, ctx));
        const moved = getStepServices(step, runbook);
        if (ctx.drillTarget) {
          ctx.log(`demo fleet: drill against ${ctx.drillTarget}; production (${moved.join(", ") || "nothing"}) stays where it is`);
          return { outcome: "succeeded", undo: {} };
        }
        if (moved.length === 0) return { outcome: "succeeded", undo: {} };
        const { previous, at } = await move(step, ctx, Object.fromEntries(moved.map((s) => [s, ctx.to])), false);
        ctx.log(`demo fleet: ${moved.join(", ")} now active in ${ctx.to}`);
        return { outcome: "succeeded", undo: previous, movedAt: at };
      },
      async rollback(step, ctx, undo) {
        const previous = (undo ?? {}) as Previous;
        if (Object.keys(previous).length === 0) return;
        await move(step, ctx, previous, true);
        ctx.log(`demo fleet: ${Object.entries(previous).map(([s, r]) => `${s} → ${r ?? "unchanged"}`).join(", ")}`);
      },
    };
  }

  const simulated = (argv: string[]) => `demo fleet: \`${argv.join(" ")}\` is not run; the simulated fleet applies its effect`;

  return {
    precheck: createPrecheckExecutor(deps.getReadiness ?? getServiceReadiness, services),
    "freeze-writes": {
      async run(step, ctx) {
        ctx.log(step.command ? simulated(step.command) : `writes to ${services.join(", ")} frozen in ${ctx.from} (demo)`);
        return { outcome: "succeeded" };
      },
      async rollback(step, ctx) {
        ctx.log(step.unfreezeCommand ? simulated(step.unfreezeCommand) : `writes unfrozen in ${ctx.from} (demo)`);
      },
    },
    "wait-for-lag": createWaitForLagExecutor(async () => measureDemoLagSeconds(await loadFleet(), services)),
    promote: mover((step, ctx) => {
      const action = getPromoteAction(step, ctx.path);
      if (step.method === "aurora-global") return `${action === "aurora-failover" ? "FailoverGlobalCluster (AllowDataLoss)" : "SwitchoverGlobalCluster"} ${step.globalCluster} → ${step.targetCluster[ctx.to] ?? "?"} (demo)`;
      if (step.method === "rds-promote") return `PromoteReadReplica ${step.replica[ctx.to] ?? "?"} (demo)`;
      return simulated(step.command[ctx.to] ?? []);
    }),
    scale: mover((step, ctx) => `scale in ${step.cluster[ctx.to] ?? "?"}: ${step.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name} → ${w.replicas}`).join(", ")} (demo)`),
    "shift-traffic": mover((step, ctx) => {
      if (step.method === "route53-arc") return `ARC UpdateRoutingControlStates: ${step.controls[ctx.to] ?? "?"} On, others Off (demo)`;
      return `Route 53 ${step.method === "route53-weighted" ? "weights" : "failover records"} for ${step.record} → ${step.sets[ctx.to]?.setIdentifier ?? "?"} (demo)`;
    }),
    verify: createVerifyExecutor(async (ctx) =>
      // A drill target is not part of the simulated fleet: it answers healthy, as a rehearsal stack would.
      ctx.drillTarget ? { healthy: true, detail: `${ctx.drillTarget} (simulated drill target)` } : checkDemoTargetHealth(await loadFleet(), services, ctx.to),
    ),
  };
}

/** Lag at promotion for the engine's data-loss estimate. */
export function createDemoLagMeasure(runbook: RunbookConfig, loadFleet: (at?: number) => Promise<DemoFleet>): () => Promise<number | null> {
  const services = getRunbookServices(runbook);
  return async () => measureDemoLagSeconds(await loadFleet(), services);
}
