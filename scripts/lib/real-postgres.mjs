// A throwaway real PostgreSQL for tests and benchmarks: initdb + pg_ctl as the `postgres`
// user (both refuse root), on a loopback port, in a temporary folder owned by that user.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./embedded-postgres.mjs";

export function findPostgresBin() {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function asPostgres(bin, args) {
  const isRoot = userInfo().uid === 0;
  const cmd = isRoot ? "runuser" : bin;
  const fullArgs = isRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  return execFileSync(cmd, fullArgs, { stdio: "pipe", timeout: 60_000 });
}

/** Starts a real PostgreSQL; throws with one clear line when the binaries are missing. */
export async function startRealPostgres() {
  const binDir = findPostgresBin();
  if (!binDir) throw new Error("PostgreSQL server binaries not found: apt-get install -y postgresql");
  const dir = mkdtempSync(path.join(tmpdir(), "meridian-pg-"));
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  asPostgres(path.join(binDir, "initdb"), ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  asPostgres(path.join(binDir, "pg_ctl"), [
    "-D", path.join(dir, "data"), "-l", path.join(dir, "log"), "-w",
    "-o", `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`,
    "start",
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    stop() {
      try {
        asPostgres(path.join(binDir, "pg_ctl"), ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
