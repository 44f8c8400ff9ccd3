// The incident overview with one region's sources dark: the built console on a fresh embedded
// database with the demo fleet, GET / (the whole streamed page, every Suspense panel) as the
// incident commander, first in steady state, then after switching to eu-west-1-outage and
// collecting. Target: < 2 s. Run `npx next build` first; `npm run bench -- overview`.
import { readFileSync } from "node:fs";
import { measure, signInCookie, startBenchConsole, type BenchResult } from "./support";

type Source = { name: string; lastSuccessAt: string | null };

async function waitForCollection(baseUrl: string, cookie: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 300_000) {
    const res = await fetch(`${baseUrl}/api/v1/sources`, { headers: { cookie } });
    if (res.ok) {
      const body = (await res.json()) as { sources?: Source[] } | Source[];
      const list = Array.isArray(body) ? body : (body.sources ?? []);
      if (list.filter((s) => /^demo\/(inventory|slos|replication)\//.test(s.name) && s.lastSuccessAt).length >= 3) return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the collector did not store the demo fleet within 5 min");
}

export async function run(): Promise<BenchResult[]> {
  const console = await startBenchConsole({ config: readFileSync("config/demo.yaml", "utf8"), user: "commander" });
  try {
    const admin = await signInCookie(console.baseUrl, "admin");
    await waitForCollection(console.baseUrl, admin);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${console.baseUrl}${path}`, { method, headers: { cookie: admin, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    };
    await call("POST", "/api/v1/collector/refresh");
    await console.get("/"); // warm: first render compiles nothing but fills caches
    const steady = await measure("overview: GET / as commander, steady", 30, () => console.get("/"), "whole streamed page, all panels");
    await call("PUT", "/api/v1/scenario", { scenario: "eu-west-1-outage" });
    await call("POST", "/api/v1/collector/refresh");
    await console.get("/");
    const outage = await measure("overview: GET / as commander, eu-west-1 sources dark (eu-west-1-outage)", 30, () => console.get("/"), "whole streamed page after switching and collecting; target < 2 s");
    return [steady, outage];
  } finally {
    await console.stop();
  }
}
