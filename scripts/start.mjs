// `npm start`: the console in production mode on the embedded default (or DATABASE_URL).
// Without DATABASE_URL it runs the embedded PostgreSQL (binaries from npm) on .data/, writes its URL
// to .data/database-url so more replicas can join, migrates, then runs `next start` as a child and
// stops both together.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
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

await migrateDeploy(process.env.DATABASE_URL);
// The job queue's own schema (graphile-worker), before any request can enqueue into it.
await runMigrations({ connectionString: process.env.DATABASE_URL, logger: quietJobLogger });
console.log("database migrated");

const next = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", process.env.HOSTNAME ?? "0.0.0.0"], {
  cwd: root,
  env: process.env,
  stdio: "inherit",
});

const users = ["viewer", "operator", "operator2", "approver", "approver2", "commander", "admin"];
console.log(`\nMeridian is starting at http://localhost:${port}`);
if ((process.env.MERIDIAN_CONFIG ?? "config/demo.yaml") === "config/demo.yaml") {
  console.log(`Demo sign-ins (password "demo"): ${users.join(", ")}\n`);
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  if (embedded) {
    rmSync(path.join(dataDir, "database-url"), { force: true });
    await embedded.stop().catch(() => undefined);
  }
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
next.on("exit", (code) => stop(code ?? 1));
