// `npm run bench -- rush` (after `npx next build`): a rush of clicks on one console started as README
// says (the demo fleet, default pools), on the demo's own workspaces and policies. Every answer's time;
// the note says how many were accepted, refused (409) and failed (5xx).
import { readFileSync } from "node:fs";
import path from "node:path";
import { signInCookie, startBenchConsole, type BenchResult } from "./support";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

export async function run(): Promise<BenchResult[]> {
  const config = readFileSync(path.resolve("config/demo.yaml"), "utf8");
  const c = await startBenchConsole({ config, user: "operator" });
  try {
    const approver = await signInCookie(c.baseUrl, "approver");
    const post = async (cookie: string, route: string, body: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${c.baseUrl}${route}`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: c.baseUrl }, body: JSON.stringify(body) });
      const json = (await res.json()) as { id?: string; planSha256?: string };
      return { status: res.status, ms: performance.now() - t0, json };
    };
    const rush = async (name: string, n: number, call: () => Promise<{ status: number; ms: number }>): Promise<BenchResult> => {
      const t0 = performance.now();
      const outcomes = await Promise.all(Array.from({ length: n }, call));
      const all = performance.now() - t0;
      const ms = outcomes.map((o) => o.ms);
      const count = (f: (s: number) => boolean) => outcomes.filter((o) => f(o.status)).length;
      return { name, samples: n, p50ms: Math.round(pct(ms, 50)), p95ms: Math.round(pct(ms, 95)), note: `${count((s) => s < 300)} accepted, ${count((s) => s === 409)} × 409, ${count((s) => s >= 500)} × 5xx; last answer after ${Math.round(all)} ms` };
    };
    const plan = (await post(c.cookie, "/api/v1/changes/plan", { workspace: "blockchain-us-east-1", vars: { revision: `rush-${Date.now()}` } })).json;
    await post(approver, `/api/v1/changes/${plan.id}/approve`, { planSha256: plan.planSha256 });
    // The SLO gate fails closed until the first collection of every touched SLO has landed.
    for (let i = 0; i < 120; i++) {
      const d = (await (await fetch(`${c.baseUrl}/api/v1/changes/${plan.id}`, { headers: { cookie: c.cookie } })).json()) as { policy?: { canApply?: boolean } };
      if (d.policy?.canApply) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const applies = await rush("rush: 30 applies at once, blockchain-us-east-1 (SLO gate on)", 30, () => post(c.cookie, `/api/v1/changes/${plan.id}/apply`, { planSha256: plan.planSha256 }));
    const second = (await post(c.cookie, "/api/v1/changes/plan", { workspace: "blockchain-eu-west-1", vars: { revision: `rush-${Date.now()}` } })).json;
    const approvals = await rush("rush: 20 approvals at once by one approver, blockchain-eu-west-1", 20, () => post(approver, `/api/v1/changes/${second.id}/approve`, { planSha256: second.planSha256 }));
    return [applies, approvals];
  } finally {
    await c.stop();
  }
}
