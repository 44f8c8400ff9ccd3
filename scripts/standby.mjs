// `npm run standby` (after `npm run setup`): "the other region" on this machine. Makes (first run) or
// starts a streaming replica of the running console's embedded PostgreSQL under .data-standby/, then a
// standby console on it (port 3001, STANDBY_PORT overrides) through scripts/start.mjs, with the
// primary's session secret and audit key so it accepts the same sign-ins and verifies the same chain.
// Ctrl-C stops the console, then the replica.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, rmSync, unwatchFile, watchFile, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { repointReplica, resolvePgdata, startStreamingReplica } from "./lib/standby-postgres.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const primaryDataDir = path.join(root, ".data");
const standbyDataDir = path.join(root, ".data-standby");
const port = Number(process.env.STANDBY_PORT ?? 3001);
const runSetupFirst = "No running primary console found: run `npm run setup` first (it starts the primary on port 3000 and writes .data/database-url), then `npm run standby` in another terminal.";
const primaryDark = "The primary console's database (.data/database-url) does not answer: run `npm run setup` first and keep it running, then `npm run standby` in another terminal.";

function fail(line) {
  console.error(line);
  process.exit(1);
}

if (!existsSync(path.join(root, ".next", "BUILD_ID"))) fail(runSetupFirst);
const urlFile = path.join(primaryDataDir, "database-url");
// The primary's URL as of the standby's last start: a standby restarted while the primary is dark still starts.
const rememberedFile = path.join(standbyDataDir, "primary-database-url");
const replicaExists = existsSync(path.join(resolvePgdata(standbyDataDir), "PG_VERSION"));

async function answers(url) {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000, query_timeout: 3_000 });
  try {
    await probe.connect();
    await probe.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    probe.end().catch(() => undefined);
  }
}

let primaryUrl = existsSync(urlFile) ? readFileSync(urlFile, "utf8").trim() : "";
if (!primaryUrl || !(await answers(primaryUrl))) {
  if (!replicaExists || !existsSync(rememberedFile)) fail(primaryUrl ? primaryDark : runSetupFirst);
  primaryUrl = readFileSync(rememberedFile, "utf8").trim();
  console.log("The primary's database does not answer: the standby starts on its replica as it is (what it had replayed).");
}

// The primary's session secret: start.mjs keeps it in .data/nextauth-secret unless NEXTAUTH_SECRET is set.
const secretFile = path.join(primaryDataDir, "nextauth-secret");
const nextauthSecret = process.env.NEXTAUTH_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : undefined);
if (!nextauthSecret) fail("The primary console's session secret is not in .data/nextauth-secret: start the standby with the primary's NEXTAUTH_SECRET set.");

/**
 * The primary's audit key: MERIDIAN_AUDIT_KEY, else the data folder's .data/audit-key, created here the
 * way lib/audit/audit-keys.ts does (aside, then hard-linked) when the primary has not signed a row yet,
 * so both consoles sign with the one key whoever writes it first.
 */
function primaryAuditKey() {
  if (process.env.MERIDIAN_AUDIT_KEY) return process.env.MERIDIAN_AUDIT_KEY;
  const file = path.join(primaryDataDir, "audit-key");
  if (!existsSync(file)) {
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, randomBytes(32).toString("hex"), { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    } finally {
      rmSync(temp, { force: true });
    }
  }
  return readFileSync(file, "utf8").trim();
}
const auditKey = primaryAuditKey();

let replica;
try {
  replica = await startStreamingReplica({ primaryUrl, primaryDataDir, dataDir: standbyDataDir });
} catch (error) {
  fail(`The standby's replica did not start: ${error instanceof Error ? error.message : String(error)}`);
}
writeFileSync(rememberedFile, primaryUrl, { mode: 0o600 });
const replicaUrlFile = path.join(standbyDataDir, "database-url");
// audit:verify and psql find the replica as they find the primary: MERIDIAN_DATA_DIR=.data-standby.
writeFileSync(replicaUrlFile, replica.url, { mode: 0o600 });
const state = replica.streaming ? "streaming from the primary" : existsSync(path.join(replica.pgdata, "standby.signal")) ? "NOT streaming yet (is the primary's database answering?)" : "promoted: it is a primary now (after a takeover)";
console.log(`streaming replica on 127.0.0.1:${replica.port} (data in ${standbyDataDir}), ${state}`);

// The primary's embedded database listens on a new port each time its console starts: follow it.
let followedUrl = primaryUrl;
watchFile(urlFile, { interval: 2_000 }, () => {
  const next = existsSync(urlFile) ? readFileSync(urlFile, "utf8").trim() : "";
  if (!next || next === followedUrl) return;
  followedUrl = next;
  repointReplica({ replicaUrl: replica.url, primaryUrl: next, slotName: replica.slotName }).then(
    (followed) => {
      if (!followed) return; // promoted by a takeover: it follows nobody now
      writeFileSync(rememberedFile, next, { mode: 0o600 });
      console.log(`the primary's database moved to ${new URL(next).host}: the replica streams from there now`);
    },
    (error) => console.error(`the primary's database moved to ${new URL(next).host}, and the replica could not be pointed there: ${error.message}`),
  );
});

const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: replica.url,
    MERIDIAN_DATA_DIR: ".data-standby",
    MERIDIAN_STANDBY_OF: primaryUrl,
    MERIDIAN_PEER_URL: "http://localhost:3000",
    MERIDIAN_CONSOLE_REGION: "us-east-1",
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: nextauthSecret,
    MERIDIAN_AUDIT_KEY: auditKey,
  },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  unwatchFile(urlFile);
  // The console first (it holds connections to the replica), the replica last.
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
      setTimeout(resolve, 15_000).unref();
    });
  }
  rmSync(replicaUrlFile, { force: true });
  await replica.stop().catch((error) => console.error(`stopping the replica: ${error.message}`));
  process.exit(code);
}
child.on("exit", (code, signal) => {
  if (!stopping) console.error(`the standby console stopped (${signal ?? `exit ${code}`}); stopping its replica`);
  void stop(code ?? 1);
});
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
