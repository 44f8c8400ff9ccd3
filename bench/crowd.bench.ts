// The incident crowd: signed-in viewers polling the overview and the busiest API reads, on the
// 20-region × 1,000-service demo fleet, against the built console started as README says.
// `npm run bench -- crowd` (run `npx next build` first). Load comes from autocannon.
//  1. 200 viewers polling every 5 s (40 requests/s, evenly spread) for 60 s on each of /, /api/v1/regions,
//     /api/v1/deployments, /api/v1/readiness, /api/v1/timeline: latency percentiles, errors, and the
//     console's CPU milliseconds per request (process CPU time of the whole process tree / requests; for npm start
//     also of the web process alone, without the niced background process).
//     a) on the console as README starts it (`npm start`: a web process on the port, and a background
//        process that collects, refreshes read models and runs jobs);
//     b) on a web replica (MERIDIAN_WORKER=off MERIDIAN_COLLECTOR=off) beside that console:
//        README's "serving a crowd".
//  2. The same reads on two web replicas and 1,000 viewers (200 requests/s).
//  3. Freshness in Chromium: a source change (scenario switch) on an open overview of a web
//     replica, without a reload.
//  4. (issue 27, phase "shapes") Every way a crowd asks for the overview, on the console as README starts
//     it: 200 viewers at 40 requests/s each of document loads (Accept: text/html), live refreshes (the
//     router's RSC request of an open page) and requests without an Accept header (curl, scripts); and
//     /api/v1/regions and /api/v1/slos, the reads live panels polling the API would make.
//  5. (phase "herd") N (CROWD_HERD, 200) open overviews refreshing at the same moment right after the data
//     version moves: time until the last answer, and how many renders the herd cost. Then the same herd
//     for the other design the issue offers (every panel polling its /api/v1 read instead of one refresh:
//     the overview's six reads per viewer), to compare what each costs.
// CROWD_FLEET=demo runs on the demo fleet exactly as README starts it (2 regions) instead of 20 × 1,000.
// CROWD_PIN=1 (2 or more cores) gives the web replicas core 0 and everything else (the background
// console, its PostgreSQL, autocannon) the others, as separate nodes would; CROWD_PHASES picks phases
// (all, web, two), CROWD_TARGETS the targets (comma-separated paths).
import { execFileSync } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { parse, stringify } from "yaml";
import { startBenchConsole, type BenchResult } from "./support";

const FLEET = process.env.CROWD_FLEET === "demo" ? "demo" : "large";
const SIZE = FLEET === "demo" ? { regions: 2, services: 0 } : { regions: 20, services: 1000 };
const TARGETS = process.env.CROWD_TARGETS?.split(",") ?? ["/", "/api/v1/regions", "/api/v1/deployments", "/api/v1/readiness", "/api/v1/timeline"];
const SECONDS = Number(process.env.CROWD_SECONDS ?? 60);
const WARM_SECONDS = 10;

function crowdConfig(): string {
  if (FLEET === "demo") return readFileSync("config/demo.yaml", "utf8");
  const doc = parse(readFileSync("config/demo.yaml", "utf8")) as { demo?: Record<string, unknown> };
  doc.demo = { ...(doc.demo ?? {}), size: SIZE };
  return stringify(doc);
}

/**
 * User + system CPU seconds of a process and all its descendants (/proc, clock ticks of 10 ms), and of
 * those that serve requests: npm start's background process runs at nice 10 (scripts/start.mjs), and its
 * collections are not a cost of the reads.
 */
function treeCpuSeconds(root: number): { all: number; serving: number } {
  const stats = new Map<number, { ppid: number; cpu: number; niced: boolean }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100, niced: Number(fields[16]) > 0 });
    } catch {
      // gone meanwhile
    }
  }
  const total = { all: 0, serving: 0 };
  const walk = (pid: number) => {
    const stat = stats.get(pid);
    total.all += stat?.cpu ?? 0;
    if (!stat?.niced) total.serving += stat?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) walk(child);
  };
  walk(root);
  return total;
}

/** The machine's CPU jiffies (all cores): how quiet it was is part of every figure. */
function machineJiffies(): { total: number; idle: number; steal: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const n = fields.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  return { total: n.slice(0, 8).reduce((a, b) => a + b, 0), idle: n[3] + n[4], steal: n[7] };
}

function machineNote(before: ReturnType<typeof machineJiffies>, after: ReturnType<typeof machineJiffies>): string {
  const total = Math.max(1, after.total - before.total);
  const pct = (x: number) => Math.round((100 * x) / total);
  return `machine ${pct(after.idle - before.idle)} % idle, ${pct(after.steal - before.steal)} % stolen`;
}

/** `headers` replace the default Accept (JSON for the API, a browser's for pages); `{}` sends none. */
type Load = { url: string; rate: number; cookie: string; headers?: Record<string, string> };
type Sample = { latencies: number[]; requests: number; errors: number };

/**
 * A crowd of viewers each polling every 5 s, their browsers opened at different moments: `rate`
 * requests a second arriving evenly spread, not all at once. Each is a one-connection autocannon
 * asking once a second, the n-th started n/rate of a second after the first (autocannon's own
 * overallRate fires all its connections in the same millisecond every second, a burst no crowd
 * makes). Latency is every response's own time (autocannon's correction for coordinated omission
 * assumes an interval of 1 ms at these rates, so it is off).
 */
async function hammer(loads: Load[], seconds = SECONDS): Promise<Sample> {
  const sample: Sample = { latencies: [], requests: 0, errors: 0 };
  const runs = loads.flatMap((l) =>
    Array.from({ length: l.rate }, (_, n) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          const instance = autocannon({ url: l.url, connections: 1, overallRate: 1, duration: seconds, timeout: 10, ignoreCoordinatedOmission: true, headers: { cookie: l.cookie, ...(l.headers ?? { accept: l.url.includes("/api/") ? "application/json" : BROWSER_ACCEPT }) } }, (err, res) => {
            if (err) return reject(err);
            sample.requests += res.requests.total;
            sample.errors += res.errors + res.timeouts + res.non2xx;
            resolve();
          });
          instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => sample.latencies.push(ms));
        }, Math.round((n * 1000) / l.rate));
      }),
    ),
  );
  await Promise.all(runs);
  return sample;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : NaN);

function row(name: string, sample: Sample, cpuSeconds: { all: number; serving: number }, machine: string): BenchResult {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const perRequest = (seconds: number) => ((seconds * 1000) / Math.max(1, sample.requests)).toFixed(1);
  const cpu = cpuSeconds.serving === cpuSeconds.all ? `${perRequest(cpuSeconds.all)} CPU ms/request` : `${perRequest(cpuSeconds.serving)} CPU ms/request in the web process (${perRequest(cpuSeconds.all)} with the background process)`;
  return { name, samples: sample.requests, p50ms: percentile(sorted, 50), p95ms: percentile(sorted, 95), note: `p99 ${percentile(sorted, 99)} ms, max ${Math.round(sorted.at(-1) ?? NaN)} ms, ${sample.errors} errors/timeouts/non-2xx, ${cpu}, ${machine}` };
}

async function freshness(baseUrl: string, cookie: string, admin: { get: (p: string) => Promise<Response>; cookie: string }): Promise<BenchResult> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`the freshness phase needs Chromium at ${executablePath}: apt-get install -y chromium (npm test installs it as root)`);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext();
    await context.addCookies(cookie.split("; ").map((c) => ({ name: c.split("=")[0], value: c.slice(c.indexOf("=") + 1), url: baseUrl })));
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId("live-indicator").waitFor();
    const started = Date.now();
    const res = await fetch(`${baseUrl}/api/v1/scenario`, { method: "PUT", headers: { cookie: admin.cookie, "content-type": "application/json", origin: baseUrl }, body: JSON.stringify({ scenario: "eu-west-1-outage" }) });
    if (!res.ok) throw new Error(`scenario switch: ${res.status}`);
    // The region's data reaches the open page only after a collection of the dark region: interval (30 s) + refresh.
    await page.waitForFunction(() => /unreachable|not answering|no data since/i.test(document.querySelector("[aria-labelledby=regions-h]")?.textContent ?? ""), undefined, { timeout: 60_000 });
    const ms = Date.now() - started;
    await fetch(`${baseUrl}/api/v1/scenario`, { method: "PUT", headers: { cookie: admin.cookie, "content-type": "application/json", origin: baseUrl }, body: JSON.stringify({ scenario: "steady" }) });
    return { name: "crowd: freshness, source change → open overview (Chromium, no reload)", samples: 1, p50ms: ms, p95ms: ms, note: "scenario switch to eu-west-1-outage until the region tile says so; target interval (30 s) + 5 s" };
  } finally {
    await browser.close();
  }
}

// What a browser asks for when it loads a page (the console shares a document load among a role's viewers, not a router request).
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

const WEB_ONLY = { MERIDIAN_WORKER: "off", MERIDIAN_COLLECTOR: "off" };

async function crowd(label: string, consoles: Array<{ baseUrl: string; cookie: string; pid: number }>, viewers: number, target: string, shape?: { name: string; headers: Record<string, string> }): Promise<BenchResult> {
  const cpu = () =>
    consoles.reduce(
      (n, c) => {
        const t = treeCpuSeconds(c.pid);
        return { all: n.all + t.all, serving: n.serving + t.serving };
      },
      { all: 0, serving: 0 },
    );
  const loads = consoles.map((c) => ({ url: `${c.baseUrl}${target}`, rate: viewers / 5 / consoles.length, cookie: c.cookie, headers: shape?.headers }));
  // Steady state is what is measured: the same load for WARM_SECONDS first (a replica's first
  // renders compile their code and load the models it serves).
  await hammer(loads, WARM_SECONDS);
  const before = cpu();
  const machineBefore = machineJiffies();
  const res = await hammer(loads);
  const after = cpu();
  const machine = machineNote(machineBefore, machineJiffies());
  const what = shape ? `${shape.name} of ${new URL(target, "http://x").pathname}` : target;
  const result = row(`crowd: ${viewers.toLocaleString("en-US")} viewers every 5 s on ${what} (${label})`, res, { all: after.all - before.all, serving: after.serving - before.serving }, machine);
  console.error(result);
  return result;
}

// The router's refresh of an open overview (Next 16's state tree of "/" with its refetch marker, as
// components/live/live-refresh.tsx's router.refresh() sends it). Next answers it only with the _rsc that
// hashes these headers, and redirects to the right one otherwise: asked once, that redirect names it.
const REFRESH_TREE = encodeURIComponent(JSON.stringify(["", { children: ["(dashboard)", { children: ["__PAGE__", {}, null, null, 0] }, null, null, 0] }, null, "refetch", 16]));
const REFRESH_HEADERS = { rsc: "1", "next-router-state-tree": REFRESH_TREE };

async function refreshUrl(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/`, { headers: { cookie, ...REFRESH_HEADERS }, redirect: "manual" });
  await res.arrayBuffer();
  const location = res.headers.get("location");
  if (res.status !== 307 || !location?.includes("_rsc=")) throw new Error(`the overview's refresh URL: expected Next's redirect to the right _rsc, got ${res.status}`);
  return location;
}

type Answer = { ms: number; status: number; cache: string | undefined };

/** One GET on a kept-alive connection of `agent`, read to the end. */
function get(agent: Agent, baseUrl: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(path, baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, cache: res.headers["x-meridian-page-cache"] as string | undefined }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timed out after 30 s")));
    req.on("error", reject);
    req.end();
  });
}

async function dataVersion(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/live`, { headers: { cookie, accept: "application/json" } });
  return ((await res.json()) as { version: string }).version;
}

/** Waits for the data version to move by itself (a collection that changed something); an audited action moves it if none comes within 45 s. */
async function nextVersionMove(baseUrl: string, cookie: string, admin: { cookie: string; baseUrl: string }): Promise<"collection" | "action"> {
  const from = await dataVersion(baseUrl, cookie);
  const until = Date.now() + 45_000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    if ((await dataVersion(baseUrl, cookie)) !== from) return "collection";
  }
  const res = await fetch(`${admin.baseUrl}/api/v1/tokens`, { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", origin: admin.baseUrl }, body: JSON.stringify({ name: "bench herd", expiresInDays: 1 }) });
  if (res.status !== 201) throw new Error(`moving the version with an action: ${res.status}`);
  while ((await dataVersion(baseUrl, cookie)) === from) await new Promise((r) => setTimeout(r, 50));
  return "action";
}

const HERD = Number(process.env.CROWD_HERD ?? 200);
const HERD_ROUNDS = Number(process.env.CROWD_HERD_ROUNDS ?? 5);
// What the overview's panels would poll if each read its own /api/v1 model (the other design).
const OVERVIEW_READS = ["/api/v1/regions", "/api/v1/slos", "/api/v1/readiness?pageSize=10", "/api/v1/timeline", "/api/v1/sources", "/api/v1/failovers"];

/**
 * HERD viewers with the overview open, each on its own kept-alive connection, asking at the same moment
 * right after the data version moved (the worst case: open pages poll every 5 s, so in life they spread
 * over up to 5 s). `reads` is what one viewer asks: the one refresh, or the panels' API reads.
 */
async function herd(label: string, c: { baseUrl: string; cookie: string; pid: number }, admin: { cookie: string; baseUrl: string }, reads: Array<{ path: string; headers: Record<string, string> }>): Promise<BenchResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: HERD * reads.length, keepAliveMsecs: 60_000 });
  try {
    const ask = () => Promise.all(Array.from({ length: HERD }, () => Promise.all(reads.map((r) => get(agent, c.baseUrl, r.path, { cookie: c.cookie, ...r.headers })))));
    // Open the connections and let every read warm up (compiled code, loaded models).
    await ask();
    const latencies: number[] = [];
    const lasts: number[] = [];
    const renders: number[] = [];
    const moves: string[] = [];
    let errors = 0;
    let cpuMs = 0;
    const machineBefore = machineJiffies();
    for (let round = 0; round < HERD_ROUNDS; round++) {
      moves.push(await nextVersionMove(c.baseUrl, c.cookie, admin));
      const cpuBefore = treeCpuSeconds(c.pid).serving;
      const started = performance.now();
      const answers = (await ask()).map((viewer) => ({ ms: Math.max(...viewer.map((a) => a.ms)), status: Math.max(...viewer.map((a) => a.status)), cache: viewer.map((a) => a.cache) }));
      lasts.push(performance.now() - started);
      cpuMs += (treeCpuSeconds(c.pid).serving - cpuBefore) * 1000;
      latencies.push(...answers.map((a) => a.ms));
      errors += answers.filter((a) => a.status !== 200 && a.status !== 304).length;
      renders.push(answers.flatMap((a) => a.cache).filter((x) => x === "miss").length);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const requests = HERD * reads.length * HERD_ROUNDS;
    const rendersNote = reads.every((r) => r.headers.rsc) ? `renders per herd ${renders.join(", ")}, ` : "";
    const result: BenchResult = {
      name: `crowd: herd of ${HERD} ${label} right after a version move (npm start)`,
      samples: HERD * HERD_ROUNDS,
      p50ms: percentile(sorted, 50),
      p95ms: percentile(sorted, 95),
      note: `${reads.length} request${reads.length === 1 ? "" : "s"} a viewer; last answer ${lasts.map((x) => Math.round(x)).join(", ")} ms (${HERD_ROUNDS} herds; moved by ${[...new Set(moves)].join("/")}); p99 ${percentile(sorted, 99)} ms; ${rendersNote}${errors} errors; ${(cpuMs / requests).toFixed(1)} CPU ms/request in the web process (${Math.round(cpuMs / HERD_ROUNDS)} ms a herd), ${machineNote(machineBefore, machineJiffies())}`,
    };
    console.error(result);
    return result;
  } finally {
    agent.destroy();
  }
}

const PIN = process.env.CROWD_PIN === "1";
const PHASES = (process.env.CROWD_PHASES ?? "all,web,two,shapes,herd,freshness").split(",");

export async function run(): Promise<BenchResult[]> {
  const config = crowdConfig();
  const rest = PIN ? `1-${Math.max(1, availableParallelism() - 1)}` : undefined;
  if (PIN) execFileSync("taskset", ["-p", "-c", rest!, String(process.pid)]);
  const webCpus = PIN ? "0" : undefined;
  // Every console started is stopped, also when a later one fails to start (a leaked collecting console
  // would load the machine through every later run).
  const started: Array<Awaited<ReturnType<typeof startBenchConsole>>> = [];
  const start = async (options: Parameters<typeof startBenchConsole>[0]) => {
    const c = await startBenchConsole(options);
    started.push(c);
    return c;
  };
  const pinned = PIN ? ", web replicas alone on core 0" : "";
  const results: BenchResult[] = [];
  try {
    // The console as README starts it: it owns the embedded database; its background process collects, refreshes and runs jobs.
    const all = await start({ config, user: "viewer", cpus: rest });
    const admin = await start({ config, user: "admin", join: { dataDir: all.dataDir }, env: WEB_ONLY, cpus: rest });
    // Web replicas only for the phases that use them: idle, they still load the machine.
    const replicas = PHASES.includes("two") ? 2 : PHASES.includes("web") || PHASES.includes("freshness") ? 1 : 0;
    const web: Array<Awaited<ReturnType<typeof start>>> = [];
    for (let i = 0; i < replicas; i++) web.push(await start({ config, user: "viewer", join: { dataDir: all.dataDir }, env: WEB_ONLY, cpus: webCpus }));
    // Let the first collections and read models land before measuring.
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`${all.baseUrl}/api/v1/regions`, { headers: { cookie: all.cookie } });
      const body = (await res.json().catch(() => null)) as { regions?: unknown[] } | null;
      if ((body?.regions?.length ?? 0) >= SIZE.regions) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 35_000));
    if (PHASES.includes("all")) for (const target of TARGETS) results.push(await crowd("npm start: web and background processes", [all], 200, target));
    if (PHASES.includes("web")) for (const target of TARGETS) results.push(await crowd(`one web replica${pinned}`, [web[0]], 200, target));
    if (PHASES.includes("two")) for (const target of TARGETS) results.push(await crowd(`two web replicas${pinned}`, web, 1000, target));
    if (PHASES.includes("shapes")) {
      // Issue 27: the overview asked for every way a crowd asks for it, then the API reads of live panels.
      const label = `npm start, ${FLEET === "demo" ? "demo fleet" : "20 × 1,000"}`;
      const refresh = await refreshUrl(all.baseUrl, all.cookie);
      results.push(await crowd(label, [all], 200, "/", { name: "document loads", headers: { accept: BROWSER_ACCEPT } }));
      results.push(await crowd(label, [all], 200, refresh, { name: "live refreshes (RSC)", headers: REFRESH_HEADERS }));
      results.push(await crowd(label, [all], 200, "/", { name: "requests without Accept", headers: {} }));
      for (const target of ["/api/v1/regions", "/api/v1/slos"]) results.push(await crowd(label, [all], 200, target));
    }
    if (PHASES.includes("herd")) {
      const refresh = await refreshUrl(all.baseUrl, all.cookie);
      results.push(await herd("live refreshes of /", all, admin, [{ path: refresh, headers: REFRESH_HEADERS }]));
      results.push(await herd("overviews polling each panel's API read (the other design)", all, admin, OVERVIEW_READS.map((path) => ({ path, headers: { accept: "application/json" } }))));
    }
    if (PHASES.includes("freshness")) results.push(await freshness(web[0].baseUrl, web[0].cookie, admin));
  } finally {
    // The database's owner last.
    for (const c of started.reverse()) await c.stop();
  }
  return results;
}
