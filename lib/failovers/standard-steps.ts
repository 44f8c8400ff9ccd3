import type { ServiceReadiness } from "@/lib/replication/queries";
import type { StepOf } from "@/lib/runbooks/config-schema";
import type { StepContext, StepExecutor } from "./types";

// The read-only steps are the same for the demo and live fleets; only their probes differ.

export type ReadinessProbe = (service: string) => Promise<ServiceReadiness | null>;
/** Current replication lag of the service toward the target, as seconds; null when unknown. */
export type LagProbe = (ctx: StepContext) => Promise<number | null>;
/** Whether the target region's SLIs for the service are healthy right now. */
export type HealthProbe = (ctx: StepContext) => Promise<{ healthy: boolean; detail: string }>;

/**
 * Fails on a not-ready verdict unless the request carried an override (and the runbook allows one).
 * `services`: whose verdicts to check (a stack runbook checks its database's too); default the run's service.
 */
export function createPrecheckExecutor(getReadiness: ReadinessProbe, services?: string[]): StepExecutor<StepOf<"precheck">> {
  return {
    async run(step, ctx) {
      const blocking: string[] = [];
      for (const service of services ?? [ctx.service]) {
        const r = await getReadiness(service);
        if (!r) {
          ctx.log(`${service}: no readiness verdict (not evaluated)`);
          continue;
        }
        ctx.log(`${service} ${r.from} → ${r.to}: ${r.verdict} (evaluated ${r.evaluatedAt})`);
        for (const reason of r.reasons) ctx.log(`  ${reason.check}: ${reason.verdict} — ${reason.message}`);
        if (r.to !== ctx.to) ctx.log(`  note: the verdict is for ${r.to}, this run targets ${ctx.to}`);
        if (r.verdict === "not-ready") {
          const why = r.reasons.filter((x) => x.verdict === "not-ready").map((x) => x.message);
          blocking.push(`${service}${why.length ? `: ${why.join("; ")}` : ""}`);
        }
      }
      if (blocking.length === 0) return { outcome: "succeeded" };
      if (ctx.override && step.allowOverride) {
        ctx.log(`not-ready overridden by ${ctx.override.by}: ${ctx.override.reason}`);
        return { outcome: "succeeded" };
      }
      throw new Error(`readiness is not-ready (${blocking.join(", ")})${step.allowOverride ? "; request with an override to proceed" : ""}`);
    },
  };
}

export function createWaitForLagExecutor(getLag: LagProbe): StepExecutor<StepOf<"wait-for-lag">> {
  return {
    async run(step, ctx) {
      const bound = step.maxLag / 1000;
      for (;;) {
        const lag = await getLag(ctx);
        if (lag !== null && lag <= bound) {
          ctx.log(`lag ${lag} s ≤ ${bound} s`);
          return { outcome: "succeeded" };
        }
        ctx.log(lag === null ? "lag unknown; waiting" : `lag ${lag} s > ${bound} s; waiting`);
        // The engine's step timeout aborts this sleep.
        await ctx.sleep(step.pollEvery, ctx.signal);
      }
    },
  };
}

export function createVerifyExecutor(check: HealthProbe): StepExecutor<StepOf<"verify">> {
  return {
    async run(step, ctx) {
      let healthySince: number | null = null;
      for (;;) {
        const { healthy, detail } = await check(ctx);
        const t = ctx.now();
        if (healthy) healthySince ??= t;
        else healthySince = null;
        const held = healthySince === null ? 0 : t - healthySince;
        ctx.log(`${ctx.to}: ${healthy ? "healthy" : "not healthy"} — ${detail}${healthy ? ` (${Math.round(held / 1000)} s of ${step.healthyFor / 1000} s)` : ""}`);
        if (healthySince !== null && held >= step.healthyFor) return { outcome: "succeeded" };
        await ctx.sleep(Math.min(step.pollEvery, healthySince === null ? step.pollEvery : step.healthyFor - held), ctx.signal);
      }
    },
  };
}
