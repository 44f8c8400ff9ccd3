// `npm start`: the console in production mode on the embedded default (or DATABASE_URL).
// Without DATABASE_URL it runs the embedded PostgreSQL (binaries from npm) on .data/, writes its URL
// to .data/database-url so more replicas can join, migrates, then runs the console as children and
// stops them all together.
//
// Two children by default, as README's "serving a crowd" layout: a web process on PORT that serves
// pages and the API from the stored read models (MERIDIAN_WORKER=off MERIDIAN_COLLECTOR=off), and a
// background process on a loopback port nobody is sent to, which collects, recomputes the read models
// and runs jobs. In one process a collection of a large fleet holds the event loop every viewer waits
// on; in two the OS shares the cores between them. MERIDIAN_PROCESSES=one keeps everything in one
// process; a replica started with both MERIDIAN_WORKER=off and MERIDIAN_COLLECTOR=off is a web
// replica and gets no background process.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { setPriority } from "node:os";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";
import { Logger, runMigrations } from "graphile-worker";
import { migrateDeploy } from "./lib/prisma-cli.mjs";

const quietJobLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(message);
});

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dataDir = path.resolve(root, process.env.MERIDIAN_DATA_DIR ?? ".data");
mkdirSync(dataDir, { recursive: true });

if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("No production build found: run `npm run build` first (the setup command does this).");
  process.exit(1);
}

// A stable session secret for this data folder unless one is given.
const secretFile = path.join(dataDir, "nextauth-secret");
if (!process.env.NEXTAUTH_SECRET) {
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  process.env.NEXTAUTH_SECRET = readFileSync(secretFile, "utf8").trim();
}

const port = Number(process.env.PORT ?? 3000);
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";

let embedded = null;
if (!process.env.DATABASE_URL) {
  try {
    // Throwaway consoles (e2e, benchmarks) delete their cluster when they stop.
    embedded = await startEmbeddedPostgres({ dataDir, persistent: process.env.MERIDIAN_EPHEMERAL_DB !== "1" });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  process.env.DATABASE_URL = embedded.url;
  console.log(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${dataDir})`);
  // Another replica joins with DATABASE_URL=$(cat .data/database-url); audit:verify reads it too.
  writeFileSync(path.join(dataDir, "database-url"), embedded.url, { mode: 0o600 });
}

if (process.env.MERIDIAN_STANDBY_OF) {
  // A standby console runs on a read-only streaming replica: the schema arrives from the primary.
  console.log("standby console: no migrations (its database is a replica of the primary's)");
} else {
  await migrateDeploy(process.env.DATABASE_URL);
  // The job queue's own schema (graphile-worker), before any request can enqueue into it.
  await runMigrations({ connectionString: process.env.DATABASE_URL, logger: quietJobLogger });
  console.log("database migrated");
}

const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const httpGuard = path.join(root, "scripts/lib/http-guard.cjs");
const webOnly = process.env.MERIDIAN_WORKER === "off" && process.env.MERIDIAN_COLLECTOR === "off";
const processes = process.env.MERIDIAN_PROCESSES ?? "two";
if (processes !== "one" && processes !== "two") {
  console.error(`MERIDIAN_PROCESSES must be "one" or "two", not "${processes}".`);
  process.exit(1);
}
const split = processes === "two" && !webOnly;

/** A free loopback port for the background process (it serves nobody, but next start must listen). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port: free } = srv.address();
      srv.close(() => resolve(free));
    });
  });
}

const children = [];
let stopping = false;
function run(name, args, env) {
  // http-guard: methods Next cannot take (TRACE, CONNECT, unknown ones) are answered before it (problem+json).
  const child = spawn(process.execPath, ["-r", httpGuard, nextBin, "start", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`the ${name} process stopped (${signal ?? `exit ${code}`}); stopping the console`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

if (split) {
  // The background process keeps whatever the caller set (e.g. MERIDIAN_WORKER=off for a replica that must not run jobs).
  const backgroundPort = await freePort();
  const background = run("background", ["-p", String(backgroundPort), "-H", "127.0.0.1"], { PORT: String(backgroundPort) });
  // Viewers wait on the web process; a collection can wait a few milliseconds for a core.
  try {
    setPriority(background.pid, 10);
  } catch {
    // Not permitted here: both run at the same priority.
  }
}
// Idle keep-alive connections stay open longer than a load balancer's (an ALB's is 60 s): with Node's 5 s
// default a proxy or client reusing a pooled connection races the close and gets a reset instead of an answer.
const keepAliveMs = process.env.MERIDIAN_KEEPALIVE_MS ?? "65000";
run("web", ["-p", String(port), "-H", process.env.HOSTNAME ?? "0.0.0.0", "--keepAliveTimeout", keepAliveMs], { PORT: String(port), ...(split ? { MERIDIAN_WORKER: "off", MERIDIAN_COLLECTOR: "off" } : {}) });
console.log(split ? "one web process serves the port; a background process collects, refreshes read models and runs jobs (MERIDIAN_PROCESSES=one: a single process)" : "one process serves, collects and runs jobs");

const users = ["viewer", "operator", "operator2", "approver", "approver2", "commander", "admin"];
console.log(`\nMeridian is starting at http://localhost:${port}`);
if ((process.env.MERIDIAN_CONFIG ?? "config/demo.yaml") === "config/demo.yaml") {
  console.log(`Demo sign-ins (password "demo"): ${users.join(", ")}\n`);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  // Children first (a job in flight ends its step), the database they write to last.
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
    setTimeout(resolve, 10_000).unref();
  })));
  if (embedded) {
    rmSync(path.join(dataDir, "database-url"), { force: true });
    await embedded.stop().catch(() => undefined);
  }
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
