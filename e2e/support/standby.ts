import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../console-process";
import { descendants, stopConsole, waitHealthy, writeHarnessConfig, type Replica } from "./replicas";

// Two regions on one machine: a primary console in eu-west-1 that owns an embedded PostgreSQL (a
// throwaway one, MERIDIAN_EPHEMERAL_DB=1: deleted when the console stops), and a standby console in
// us-east-1 on a real streaming replica of it. "The region goes dark" is SIGSTOP of the primary
// console's processes and its PostgreSQL's: packets go unanswered, nothing is refused.

type StreamingReplica = { url: string; port: number; pgdata: string; slotName: string; streaming: boolean; stop: () => Promise<void> };
type StandbyPostgres = {
  startStreamingReplica: (o: { primaryUrl: string; primaryDataDir: string; dataDir: string; port?: number; persistent?: boolean }) => Promise<StreamingReplica>;
  postgresPids: (dir: string) => number[];
  freezePostgres: (dir: string) => number[];
  thawPostgres: (dir: string) => number[];
  resolvePgdata: (dir: string) => string;
};

export type Regions = {
  /** The eu-west-1 console (owner of the primary database). */
  primary: Replica;
  /** The us-east-1 console on the replica (MERIDIAN_STANDBY_OF set). */
  standby: Replica;
  primaryDatabaseUrl: string;
  replicaDatabaseUrl: string;
  /** PGDATA of the primary PostgreSQL and of the replica (what postgresPids/freezePostgres take). */
  primaryPgDataDir: string;
  replicaDataDir: string;
  /** The consoles' MERIDIAN_DATA_DIR folders. */
  primaryConsoleDataDir: string;
  standbyConsoleDataDir: string;
  /** The harness config both consoles run (writeHarnessConfig) and its terraform call log. */
  config: string;
  countFile: string;
  /** SIGSTOP of the primary console's process tree and of its PostgreSQL: the dark region. */
  freezePrimary: () => void;
  /** SIGCONT of both: the region comes back. */
  thawPrimary: () => void;
  stop: () => Promise<void>;
};

const root = path.resolve(__dirname, "../..");
// Loaded by Node itself: a static import would go through Playwright's transform, which turns the .mjs
// into CommonJS that Node then refuses ("exports is not defined in ES module scope").
const loadStandbyPostgres = (): Promise<StandbyPostgres> => import(path.join(root, "scripts/lib/standby-postgres.mjs"));
// Both regions accept the same sessions and sign and verify the same audit chain.
const SECRETS = { NEXTAUTH_SECRET: "regions-secret-regions-secret-0123", MERIDIAN_AUDIT_KEY: "regions-audit-key-regions-audit-key-0123456789" };

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Two distinct free ports, chosen before either console starts: each console's peer URL names the other. */
async function twoPorts(): Promise<[number, number]> {
  const a = await freePort();
  let b = await freePort();
  while (b === a) b = await freePort();
  return [a, b];
}

/**
 * Starts the primary console (eu-west-1), a streaming replica of its database and the standby console
 * (us-east-1) on it. `env` adds to both consoles' environment, `primaryEnv`/`standbyEnv` to one.
 */
export async function startRegions(options: { env?: Record<string, string>; primaryEnv?: Record<string, string>; standbyEnv?: Record<string, string> } = {}): Promise<Regions> {
  const { freezePostgres, postgresPids, resolvePgdata, startStreamingReplica, thawPostgres } = await loadStandbyPostgres();
  const dir = mkdtempSync(path.join(tmpdir(), "meridian-regions-"));
  const primaryConsoleDataDir = path.join(dir, "eu-west-1");
  const standbyConsoleDataDir = path.join(dir, "us-east-1");
  const { config, countFile } = writeHarnessConfig(dir);
  const [primaryPort, standbyPort] = await twoPorts();
  const primaryUrl = `http://127.0.0.1:${primaryPort}`;
  const standbyUrl = `http://127.0.0.1:${standbyPort}`;
  const common = { ...process.env, ...SECRETS, MERIDIAN_CONFIG: config, MERIDIAN_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", ...options.env };

  const started: Replica[] = [];
  let replica: StreamingReplica | undefined;
  const launch = async (name: string, port: number, env: Record<string, string | undefined>): Promise<Replica> => {
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...common, PORT: String(port), NEXTAUTH_URL: url, MERIDIAN_INSTANCE_ID: name, ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const r = { name, url, proc, port };
    started.push(r);
    await waitHealthy(url, proc);
    return r;
  };
  const stopAll = async () => {
    // The standby first (it reads the replica), then the replica, the primary (and its database) last.
    for (const r of [...started].reverse()) {
      if (r.name === "eu-west-1") await replica?.stop().catch(() => undefined);
      await stopConsole(r);
    }
    // A primary console killed with -9 leaves its PostgreSQL running (pg_ctl detaches it): stop that too.
    const leftover = postgresPids(primaryConsoleDataDir);
    if (leftover.length > 0) {
      signal(leftover, "SIGCONT");
      signal([leftover[0]], "SIGQUIT"); // immediate shutdown; the cluster is thrown away
      const until = Date.now() + 10_000;
      while (postgresPids(primaryConsoleDataDir).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    }
    const cluster = path.dirname(resolvePgdata(primaryConsoleDataDir));
    if (!cluster.startsWith(dir)) rmSync(cluster, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const primary = await launch("eu-west-1", primaryPort, {
      MERIDIAN_DATA_DIR: primaryConsoleDataDir,
      MERIDIAN_EPHEMERAL_DB: "1",
      MERIDIAN_CONSOLE_REGION: "eu-west-1",
      MERIDIAN_PEER_URL: standbyUrl,
      ...options.primaryEnv,
    });
    const primaryDatabaseUrl = readFileSync(path.join(primaryConsoleDataDir, "database-url"), "utf8").trim();
    replica = await startStreamingReplica({ primaryUrl: primaryDatabaseUrl, primaryDataDir: primaryConsoleDataDir, dataDir: standbyConsoleDataDir, persistent: false });
    const standby = await launch("us-east-1", standbyPort, {
      DATABASE_URL: replica.url,
      MERIDIAN_DATA_DIR: standbyConsoleDataDir,
      MERIDIAN_STANDBY_OF: primaryDatabaseUrl,
      MERIDIAN_CONSOLE_REGION: "us-east-1",
      MERIDIAN_PEER_URL: primaryUrl,
      ...options.standbyEnv,
    });
    const primaryPgDataDir = resolvePgdata(primaryConsoleDataDir);
    let frozen: number[] = [];
    const thawPrimary = () => {
      // The database first, so the console wakes up to a database that answers.
      thawPostgres(primaryPgDataDir);
      signal([...new Set([...frozen, ...descendants(primary.proc.pid!), primary.proc.pid!])], "SIGCONT");
      frozen = [];
    };
    return {
      primary,
      standby,
      primaryDatabaseUrl,
      replicaDatabaseUrl: replica.url,
      primaryPgDataDir,
      replicaDataDir: replica.pgdata,
      primaryConsoleDataDir,
      standbyConsoleDataDir,
      config,
      countFile,
      freezePrimary() {
        frozen = [primary.proc.pid!, ...descendants(primary.proc.pid!)];
        signal(frozen, "SIGSTOP");
        freezePostgres(primaryPgDataDir);
      },
      thawPrimary,
      async stop() {
        thawPrimary();
        await stopAll();
      },
    };
  } catch (error) {
    // A console that failed to start must not leave the others (and their databases) running.
    await stopAll();
    throw error;
  }
}
