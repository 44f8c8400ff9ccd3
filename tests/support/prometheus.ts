import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// Starts a REAL Prometheus (Debian's package) on a loopback port with throwaway storage, after
// backfilling OpenMetrics text with promtool. Tests call `prometheusUnavailableReason()` first and
// fail with that reason where the binary cannot be had (never skip).

const run = promisify(execFile);
const PROMETHEUS = "/usr/bin/prometheus";
const PROMTOOL = "/usr/bin/promtool";

let checked: string | null | undefined;

/** null when Prometheus can run here; otherwise why not (tried `apt-get install -y prometheus` as root). */
export function prometheusUnavailableReason(): string | null {
  if (checked !== undefined) return checked;
  if (!existsSync(PROMETHEUS) || !existsSync(PROMTOOL)) {
    if (process.getuid?.() === 0) {
      spawnSync("apt-get", ["install", "-y", "prometheus"], { stdio: "ignore", timeout: 180_000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    }
  }
  checked =
    existsSync(PROMETHEUS) && existsSync(PROMTOOL)
      ? null
      : `${PROMETHEUS} or ${PROMTOOL} is missing and \`apt-get install -y prometheus\` ${process.getuid?.() === 0 ? "did not provide it" : "needs root"}`;
  return checked;
}

export type OmSeries = {
  name: string;
  type?: "counter" | "gauge";
  labels?: Record<string, string>;
  /** [time in ms, value] pairs in increasing time. */
  samples: Array<[number, number]>;
};

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/**
 * OpenMetrics text for promtool: one TYPE line per metric family, samples with timestamps in
 * seconds, and the mandatory `# EOF`. Counters are written with their name as given (OpenMetrics
 * wants the `_total` suffix on counter samples, so name counters `…_total` and declare the family without it).
 */
export function buildOpenMetrics(series: OmSeries[]): string {
  const families = new Map<string, OmSeries[]>();
  for (const s of series) {
    const family = s.type === "counter" ? s.name.replace(/_total$/, "") : s.name;
    families.set(family, [...(families.get(family) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [family, members] of families) {
    lines.push(`# TYPE ${family} ${members[0].type ?? "gauge"}`);
    for (const s of members) {
      const labels = Object.entries(s.labels ?? {})
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(",");
      const head = labels ? `${s.name}{${labels}}` : s.name;
      for (const [t, v] of s.samples) lines.push(`${head} ${Number.isNaN(v) ? "NaN" : v} ${(t / 1000).toFixed(3)}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type RunningPrometheus = { url: string; dir: string; stop: () => Promise<void> };

/** Backfills `openMetrics` (may be empty) and starts Prometheus; `stop` kills it and removes its files. */
export async function startPrometheus(openMetrics: string, opts: { retention?: string; rules?: string } = {}): Promise<RunningPrometheus> {
  const reason = prometheusUnavailableReason();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(path.join(tmpdir(), "meridian-prom-"));
  const data = path.join(dir, "data");
  const config = path.join(dir, "prometheus.yml");
  if (opts.rules) writeFileSync(path.join(dir, "rules.yml"), opts.rules);
  // With rules, evaluate every second so a test sees recorded series at once.
  writeFileSync(config, `global:\n  scrape_interval: 1h\n  evaluation_interval: ${opts.rules ? "1s" : "1h"}\n${opts.rules ? "rule_files: [rules.yml]\n" : ""}scrape_configs: []\n`);
  if (openMetrics.trim()) {
    const om = path.join(dir, "data.om");
    writeFileSync(om, openMetrics);
    await run(PROMTOOL, ["tsdb", "create-blocks-from", "openmetrics", om, data], { cwd: dir, timeout: 120_000 });
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      // Longer than the data's age, or backfilled blocks are deleted at start.
      `--storage.tsdb.retention.time=${opts.retention ?? "400d"}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, dir, stop };
}
