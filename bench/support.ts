import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, disconnectDb, setDbForProcess, type Db } from "@/lib/db/client";
import { migrationSql } from "@/tests/support/migrations";
// @ts-expect-error plain ESM helpers shared with the start script
import { freePort, startEmbeddedPostgres } from "../scripts/lib/embedded-postgres.mjs";

export type BenchResult = { name: string; samples: number; p50ms: number; p95ms: number; note?: string };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs fn n times in sequence (after 3 warm-ups) and returns p50/p95 in ms. */
export async function measure(name: string, n: number, fn: () => Promise<unknown>, note?: string): Promise<BenchResult> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { name, samples: n, p50ms: round(percentile(times, 50)), p95ms: round(percentile(times, 95)), note };
}

/** A migrated real PostgreSQL that this process's db() uses. */
export async function startBenchDatabase(): Promise<{ url: string; db: Db; stop: () => Promise<void> }> {
  const server = (await startEmbeddedPostgres({ persistent: false, fast: true })) as { url: string; stop: () => Promise<void> };
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  for (const sql of migrationSql()) await client.query(sql);
  await client.end();
  const db = createDb(server.url, 10);
  setDbForProcess(db);
  return {
    url: server.url,
    db,
    async stop() {
      await disconnectDb(db);
      await server.stop();
    },
  };
}

/**
 * The built console on a fresh embedded database with this YAML config, signed in as `user`; with
 * `join`, a further replica on that console's database (as README's second command does).
 */
/** A demo user's session cookie on a running console (the sign-in form's own requests). */
export async function signInCookie(baseUrl: string, user: string): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const signIn = await fetch(`${baseUrl}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, username: user, password: "demo", json: "true" }),
  });
  return [csrfCookie, ...signIn.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

export async function startBenchConsole({ config, user = "admin", join, env = {}, cpus }: { config: string; user?: string; join?: { dataDir: string }; env?: Record<string, string>; cpus?: string }) {
  const dir = mkdtempSync(path.join(tmpdir(), "meridian-bench-"));
  const configFile = path.join(dir, "meridian.yaml");
  writeFileSync(configFile, config);
  const port = (await freePort()) as number;
  const dataDir = join?.dataDir ?? path.join(dir, "data");
  const joined = join ? { DATABASE_URL: readFileSync(path.join(join.dataDir, "database-url"), "utf8").trim() } : { MERIDIAN_EPHEMERAL_DB: "1" };
  // `cpus` pins the console (and what it starts, its PostgreSQL included) to those cores with taskset.
  const [command, args] = cpus ? ["taskset", ["-c", cpus, process.execPath, "scripts/start.mjs"]] : [process.execPath, ["scripts/start.mjs"]];
  const child = spawn(command, args, {
    env: { ...process.env, ...joined, ...env, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_CONFIG: configFile, NEXTAUTH_SECRET: "bench-secret-bench-secret-bench", MERIDIAN_LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  let healthy = false;
  for (let i = 0; i < 240 && !healthy; i++) {
    try {
      healthy = (await fetch(`${baseUrl}/api/health`)).ok;
    } catch {
      /* not up yet */
    }
    if (!healthy) await new Promise((r) => setTimeout(r, 500));
  }
  if (!healthy) {
    child.kill("SIGTERM");
    throw new Error(`the console on ${baseUrl} did not answer /api/health within 2 minutes`);
  }
  const cookie = await signInCookie(baseUrl, user);
  return {
    baseUrl,
    cookie,
    dataDir,
    pid: child.pid!,
    async get(pathname: string) {
      const res = await fetch(`${baseUrl}${pathname}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${pathname}: ${res.status}`);
      return res;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}
