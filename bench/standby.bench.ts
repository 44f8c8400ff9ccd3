// `npm run bench -- standby` (after `npx next build`): two regions on this machine (e2e/support/standby.ts),
// the primary collecting the demo fleet every 5 s. Measures the standby's replay lag under that write
// load, the time from kill -STOP of eu-west-1 to the standby offering the takeover, the takeover, and
// the standby's reads while eu-west-1 is dark.
import { startRegions } from "../e2e/support/standby";
import { signInCookie, type BenchResult } from "./support";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function health(url: string) {
  return (await (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).json()) as { console: { mode: string; replicaLagSeconds: number | null; primaryReachable: boolean | null } };
}

async function timedGet(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t0;
}

export async function run(): Promise<BenchResult[]> {
  const regions = await startRegions();
  try {
    const cookie = await signInCookie(regions.primary.url, "commander");
    // Replay lag while the primary collects and recomputes its read models (its only writes in the demo).
    const lags: number[] = [];
    for (let i = 0; i < 60; i++) {
      const lag = (await health(regions.standby.url)).console.replicaLagSeconds;
      if (lag !== null) lags.push(lag * 1000);
      await sleep(500);
    }
    regions.freezePrimary();
    const frozenAt = performance.now();
    while ((await health(regions.standby.url)).console.primaryReachable !== false) await sleep(100);
    const offerMs = performance.now() - frozenAt;
    const darkReads: number[] = [];
    const darkPages: number[] = [];
    for (let i = 0; i < 30; i++) {
      darkReads.push(await timedGet(`${regions.standby.url}/api/v1/regions`, cookie));
      darkPages.push(await timedGet(`${regions.standby.url}/regions`, cookie));
    }
    const t0 = performance.now();
    const takeover = await fetch(`${regions.standby.url}/api/v1/console/takeover`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: regions.standby.url }, body: JSON.stringify({ reason: "benchmark: eu-west-1 is dark" }) });
    const body = (await takeover.json()) as { promotedInMs?: number; detail?: string };
    if (!takeover.ok) throw new Error(`takeover: ${takeover.status} ${body.detail ?? ""}`);
    while ((await health(regions.standby.url)).console.mode !== "primary") await sleep(100);
    const takeoverMs = performance.now() - t0;
    return [
      { name: "standby: replay lag under the demo's collection (ms)", samples: lags.length, p50ms: r1(pct(lags, 50)), p95ms: r1(pct(lags, 95)), note: `max ${r1(Math.max(...lags))} ms` },
      { name: "standby: kill -STOP of eu-west-1 → takeover offered", samples: 1, p50ms: Math.round(offerMs), p95ms: Math.round(offerMs), note: "the standby's primary probe: 2 s looks, 1 s bound" },
      { name: "standby: GET /api/v1/regions, eu-west-1 dark", samples: darkReads.length, p50ms: r1(pct(darkReads, 50)), p95ms: r1(pct(darkReads, 95)) },
      { name: "standby: GET /regions (page), eu-west-1 dark", samples: darkPages.length, p50ms: r1(pct(darkPages, 50)), p95ms: r1(pct(darkPages, 95)) },
      { name: "standby: takeover → primary", samples: 1, p50ms: Math.round(takeoverMs), p95ms: Math.round(takeoverMs), note: `pg_promote ${body.promotedInMs ?? "?"} ms` },
    ];
  } finally {
    await regions.stop();
  }
}
