import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument, YAMLMap, YAMLSeq } from "yaml";

// Several built consoles on one embedded PostgreSQL, started as the README says: the first owns the
// database (npm start), the others join with DATABASE_URL=$(cat .data/database-url).

export type Replica = { name: string; url: string; proc: ChildProcess; port: number };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const root = path.resolve(__dirname, "../..");

/** A config: the demo fleet plus a slow workspace and a counted one, and a verify step that holds long enough to abort. */
export function writeHarnessConfig(dir: string): { config: string; countFile: string } {
  const doc = parseDocument(readFileSync(path.join(root, "config/demo.yaml"), "utf8"));
  const workspaces = doc.get("workspaces") as YAMLSeq<YAMLMap>;
  const countFile = path.join(dir, "terraform-calls.log");
  const wrapper = path.join(dir, "terraform-counting.sh");
  writeFileSync(wrapper, `#!/bin/sh\necho "$1" >> '${countFile}'\nexec terraform "$@"\n`);
  chmodSync(wrapper, 0o755);
  // The demo's own workspaces keep their policies (SLO gate on); only their terraform is counted.
  for (const ws of workspaces.items) {
    ws.set("dir", path.join(root, String(ws.get("dir"))));
    ws.set("terraform", wrapper);
  }
  for (const [name, tf] of [
    ["replica-race", `resource "terraform_data" "race" {\n  input = var.revision\n}\nvariable "revision" {\n  type    = string\n  default = "1"\n}\n`],
    ["replica-slow", `resource "terraform_data" "slow" {\n  input = var.revision\n  provisioner "local-exec" {\n    command = "echo started; sleep 120"\n  }\n}\nvariable "revision" {\n  type    = string\n  default = "1"\n}\n`],
  ] as const) {
    mkdirSync(path.join(dir, name), { recursive: true });
    writeFileSync(path.join(dir, name, "main.tf"), tf);
    workspaces.add(
      doc.createNode({ name, dir: path.join(dir, name), regions: ["us-east-1"], services: [], terraform: wrapper, policy: { approvals: 1, approverRoles: ["approver", "incident-commander"], approvalTtl: "24h", sloGate: false } }),
    );
  }
  // Collect every 5 s, so "once per interval" is measured in seconds rather than minutes.
  for (const src of (doc.get("sources") as YAMLSeq<YAMLMap>).items) {
    if (src.get("kind") !== "demo") continue;
    src.set("interval", "5s");
    src.set("timeout", "4s");
  }
  for (const rb of (doc.get("runbooks") as YAMLSeq<YAMLMap>).items) {
    if (rb.get("service") !== "leaderboard-api") continue;
    for (const step of (rb.get("steps") as YAMLSeq<YAMLMap>).items) if (step.get("type") === "verify") step.set("healthyFor", "60s");
  }
  const config = path.join(dir, "meridian.yaml");
  writeFileSync(config, doc.toString());
  return { config, countFile };
}

export async function waitHealthy(url: string, proc: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`replica at ${url} exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`replica at ${url} not healthy after ${timeoutMs} ms`);
}

export type Cluster = { dataDir: string; countFile: string; replicas: Replica[]; stop: () => Promise<void> };

/**
 * Starts `owner` (embedded PostgreSQL, no jobs: it must outlive the replicas the tests kill) and
 * `joiners` replicas that join through .data/database-url and run jobs.
 */
export async function startCluster(joiners: string[]): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "meridian-replicas-"));
  const dataDir = path.join(dir, "data");
  const { config, countFile } = writeHarnessConfig(dir);
  const common = { ...process.env, MERIDIAN_DATA_DIR: dataDir, MERIDIAN_CONFIG: config, NEXTAUTH_SECRET: "replicas-secret-replicas-secret-0123", MERIDIAN_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" };
  const start = async (name: string, extra: Record<string, string>): Promise<Replica> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...common, PORT: String(port), NEXTAUTH_URL: url, MERIDIAN_INSTANCE_ID: name, ...extra },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitHealthy(url, proc);
    return { name, url, proc, port };
  };
  const owner = await start("owner", { MERIDIAN_WORKER: "off", MERIDIAN_EPHEMERAL_DB: "1" });
  const databaseUrl = readFileSync(path.join(dataDir, "database-url"), "utf8").trim();
  const replicas = [owner];
  for (const name of joiners) replicas.push(await start(name, { DATABASE_URL: databaseUrl }));
  return {
    dataDir,
    countFile,
    replicas,
    async stop() {
      // Joiners first, the database owner last; a replica a test killed has already exited.
      for (const r of [...replicas].reverse()) await stopConsole(r);
    },
  };
}

/** SIGTERM, and kill -9 of it and what it started when it has not exited 15 s later; a console already gone is left alone. */
export async function stopConsole(r: Replica): Promise<void> {
  if (r.proc.exitCode !== null || r.proc.signalCode !== null) return;
  const exited = new Promise((resolve) => r.proc.once("exit", resolve));
  r.proc.kill("SIGTERM");
  const timer = setTimeout(() => killReplica(r), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Every descendant of a process (the console's next server and the terraform it started). */
export function descendants(pid: number): number[] {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout;
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

/** kill -9 of a replica and everything it started, as when its pod is lost. */
export function killReplica(r: Replica): void {
  for (const pid of [r.proc.pid!, ...descendants(r.proc.pid!)]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function countCalls(countFile: string, sub: string): number {
  if (!existsSync(countFile)) return 0;
  return readFileSync(countFile, "utf8").split("\n").filter((l) => l === sub).length;
}
