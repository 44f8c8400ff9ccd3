import "server-only";
import { execFile, type ChildProcess, type ExecFileOptionsWithStringEncoding } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { SourceUnavailableError } from "@/lib/http/errors";

/**
 * A thin client for the terraform CLI: it knows the commands, flags and exit codes, not change requests.
 * Every call runs `execFile` with an argument array (never a shell), a timeout and the workspace as cwd.
 */

export type OutputStream = "stdout" | "stderr";
export type LineHandler = (line: string, stream: OutputStream) => void;

export type TerraformClientOptions = {
  /** The workspace directory; every command runs with it as the working directory. */
  dir: string;
  /** Binary name on PATH or an absolute path (workspace config `terraform`). */
  bin?: string;
  /**
   * The environment terraform starts from (PATH, HOME, cloud credentials). The client adds
   * TF_IN_AUTOMATION/CHECKPOINT_DISABLE/TF_INPUT and removes TF_CLI_ARGS*, so nothing outside can
   * add flags such as `-replace` or `-destroy` to a command.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Per-command timeouts in ms; the defaults suit real workspaces. */
  timeouts?: Partial<Record<"version" | "init" | "plan" | "show" | "apply", number>>;
};

export type RunOptions = {
  onLine?: LineHandler;
  signal?: AbortSignal;
  /** Called once the process exists, so a caller can count or kill it. */
  onSpawn?: (pid: number) => void;
};

export type RunResult = {
  /** null when the process was killed by a signal (timeout, abort, operator). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  pid: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order: what a person would have seen. */
  output: string;
  durationMs: number;
};

export type PlanOutcome = "changes" | "no-changes" | "error";
export type PlanResult = RunResult & { outcome: PlanOutcome; planFile: string };

export type ApplyOutcome = "applied" | "stale" | "failed" | "killed";
export type ApplyResult = RunResult & { outcome: ApplyOutcome };

const DEFAULT_TIMEOUTS = { version: 10_000, init: 5 * 60_000, plan: 30 * 60_000, show: 5 * 60_000, apply: 2 * 3_600_000 };
// `terraform show -json` of a 5,000-resource plan runs to tens of MB; execFile kills the child past this.
const MAX_BUFFER = 512 * 1024 * 1024;
const STALE_PLAN = /Saved plan is stale/;

/** terraform is missing or not executable: one line, shown on Settings and the change page. */
export class TerraformNotFoundError extends SourceUnavailableError {
  constructor(bin: string) {
    super(
      bin === "terraform"
        ? "terraform not found on PATH: install terraform 1.x"
        : `terraform not found at ${bin}: install terraform 1.x or fix the workspace's terraform setting (or MERIDIAN_TERRAFORM_BIN)`,
      { source: "terraform", bin },
    );
  }
}

export class WorkspaceDirNotFoundError extends SourceUnavailableError {
  constructor(dir: string) {
    super(`terraform workspace directory not found: ${dir}`, { source: "terraform", dir });
  }
}

/** The environment every terraform run gets: no prompts, no update checks, no injected arguments. */
export function buildTerraformEnv(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    // TF_CLI_ARGS / TF_CLI_ARGS_apply would let the environment change what "apply this plan" means.
    if (key === "TF_CLI_ARGS" || key.startsWith("TF_CLI_ARGS_")) continue;
    env[key] = value;
  }
  env.TF_IN_AUTOMATION = "1";
  env.CHECKPOINT_DISABLE = "1";
  env.TF_INPUT = "0";
  return env;
}

/** Splits a byte stream into lines, holding a partial last line until more arrives or the stream ends. */
function lineSplitter(stream: OutputStream, onLine: LineHandler): { push: (chunk: string) => void; flush: () => void } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) onLine(line, stream);
    },
    flush() {
      if (pending.length > 0) onLine(pending, stream);
      pending = "";
    },
  };
}

type ExecError = Error & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };

function isExecError(value: unknown): value is ExecError {
  return value instanceof Error;
}

export function createTerraformClient(options: TerraformClientOptions) {
  const bin = options.bin ?? "terraform";
  const dir = path.resolve(options.dir);
  const env = buildTerraformEnv(options.env);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };

  async function assertDir(): Promise<void> {
    // execFile reports a missing cwd as ENOENT too; check first so the error names the right thing.
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new WorkspaceDirNotFoundError(dir);
  }

  async function run(args: string[], timeoutMs: number, opts: RunOptions = {}): Promise<RunResult> {
    await assertDir();
    const started = Date.now();
    let output = "";
    const onLine: LineHandler = (line, stream) => {
      output += `${line}\n`;
      opts.onLine?.(line, stream);
    };
    const splitters = { stdout: lineSplitter("stdout", onLine), stderr: lineSplitter("stderr", onLine) };

    return new Promise<RunResult>((resolve, reject) => {
      let child: ChildProcess;
      const execOptions: ExecFileOptionsWithStringEncoding = {
        cwd: dir,
        // Next's types make NODE_ENV required on ProcessEnv; a child process needs no such thing.
        env: env as NodeJS.ProcessEnv,
        timeout: timeoutMs,
        killSignal: "SIGTERM",
        maxBuffer: MAX_BUFFER,
        encoding: "utf8",
        signal: opts.signal,
        windowsHide: true,
      };
      try {
        child = execFile(
          // The binary comes from config at run time; without this Turbopack traces the whole project.
          /*turbopackIgnore: true*/ bin,
          args,
          execOptions,
          (error, stdout, stderr) => {
            splitters.stdout.flush();
            splitters.stderr.flush();
            const durationMs = Date.now() - started;
            const base = { pid: child.pid, stdout, stderr, output, durationMs };
            if (!error) {
              resolve({ ...base, exitCode: 0, signal: null, timedOut: false, aborted: false });
              return;
            }
            if (!isExecError(error)) {
              reject(error);
              return;
            }
            if (error.code === "ENOENT" || error.code === "EACCES") {
              reject(new TerraformNotFoundError(bin));
              return;
            }
            const aborted = error.name === "AbortError" || opts.signal?.aborted === true;
            const exitCode = typeof error.code === "number" ? error.code : null;
            const signal = error.signal ?? null;
            // execFile sets `killed` when it sent killSignal itself; terraform may trap SIGTERM and exit 1.
            const timedOut = !aborted && error.killed === true;
            resolve({ ...base, exitCode, signal, timedOut, aborted });
          },
        );
      } catch (error) {
        reject(error);
        return;
      }
      child.stdout?.on("data", (chunk: string) => splitters.stdout.push(chunk));
      child.stderr?.on("data", (chunk: string) => splitters.stderr.push(chunk));
      if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    });
  }

  /** Resolves the plan path and refuses anything that could be read as a flag. */
  function planPath(file: string): string {
    const resolved = path.resolve(dir, file);
    if (path.basename(resolved).startsWith("-")) throw new Error(`plan file name must not start with "-": ${file}`);
    return resolved;
  }

  const versionJson = z.object({ terraform_version: z.string(), platform: z.string().optional() }).passthrough();

  return {
    dir,
    bin,

    /** `terraform version -json` → "1.11.4". */
    async getVersion(opts: RunOptions = {}): Promise<{ version: string; platform: string | undefined }> {
      const result = await run(["version", "-json"], timeouts.version, opts);
      if (result.exitCode !== 0) throw new SourceUnavailableError(`terraform version failed: ${lastLines(result.output)}`, { source: "terraform" });
      let parsed: unknown;
      try {
        parsed = JSON.parse(result.stdout);
      } catch {
        throw new SourceUnavailableError(`terraform version did not print JSON: ${lastLines(result.output)}`, { source: "terraform" });
      }
      const data = versionJson.parse(parsed);
      return { version: data.terraform_version, platform: data.platform };
    },

    init(opts: RunOptions = {}): Promise<RunResult> {
      return run(["init", "-input=false", "-no-color"], timeouts.init, opts);
    },

    /**
     * `terraform plan -out` with -detailed-exitcode: 0 no changes, 2 changes, 1 error.
     * `vars` become `-var name=value` arguments (each one element of the array, so no quoting issues).
     */
    async plan(outFile: string, opts: RunOptions & { vars?: Record<string, string> } = {}): Promise<PlanResult> {
      const planFile = planPath(outFile);
      const args = ["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${planFile}`];
      for (const [name, value] of Object.entries(opts.vars ?? {})) {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`invalid terraform variable name: ${name}`);
        args.push("-var", `${name}=${value}`);
      }
      const result = await run(args, timeouts.plan, opts);
      const outcome: PlanOutcome = result.exitCode === 2 ? "changes" : result.exitCode === 0 ? "no-changes" : "error";
      return { ...result, outcome, planFile };
    },

    /** `terraform show -json <plan>`: the machine-readable plan (parse it with parsePlanJson). */
    async showJson(planFile: string, opts: RunOptions = {}): Promise<string> {
      const result = await run(["show", "-json", "-no-color", planPath(planFile)], timeouts.show, opts);
      if (result.exitCode !== 0) throw new SourceUnavailableError(`terraform show failed: ${lastLines(result.stderr || result.output)}`, { source: "terraform" });
      return result.stdout;
    },

    /** `terraform show -no-color <plan>`: the plan as terraform prints it for a person. */
    async showText(planFile: string, opts: RunOptions = {}): Promise<string> {
      const result = await run(["show", "-no-color", planPath(planFile)], timeouts.show, opts);
      if (result.exitCode !== 0) throw new SourceUnavailableError(`terraform show failed: ${lastLines(result.stderr || result.output)}`, { source: "terraform" });
      return result.stdout;
    },

    /**
     * Applies exactly the saved plan file: with a plan file terraform neither re-plans nor prompts,
     * so there is no -auto-approve. A plan made before the state changed fails with "Saved plan is stale".
     */
    async apply(planFile: string, opts: RunOptions = {}): Promise<ApplyResult> {
      const file = planPath(planFile);
      const info = await stat(file).catch(() => null);
      // Without an existing file terraform would be given a path it cannot load; never risk a fresh plan.
      if (!info?.isFile()) throw new Error(`saved plan file not found: ${file}`);
      const result = await run(["apply", "-input=false", "-no-color", file], timeouts.apply, opts);
      let outcome: ApplyOutcome;
      if (result.exitCode === 0) outcome = "applied";
      else if (result.exitCode === null || result.timedOut || result.aborted) outcome = "killed";
      else if (STALE_PLAN.test(result.output)) outcome = "stale";
      else outcome = "failed";
      return { ...result, outcome };
    },
  };
}

export type TerraformClient = ReturnType<typeof createTerraformClient>;

function lastLines(text: string, n = 5): string {
  return text.trim().split("\n").slice(-n).join(" ").slice(0, 500);
}
