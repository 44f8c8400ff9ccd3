import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

// A second console for specs that need their own environment (e.g. single sign-on pointed at a
// provider the spec starts). Same start path as the suite's web server: scripts/e2e-server.mjs on
// a throwaway embedded database, with the built app. Bounded: it is ready in time or the spec fails.

const root = path.resolve(__dirname, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type ConsoleProcess = { url: string; output: () => string; exited: Promise<number | null>; stop: () => Promise<void> };

function spawnConsole(port: number, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Its own process group, so stopping it also stops start.mjs's next and database children.
  const child = spawn(process.execPath, [path.join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, HOSTNAME: "127.0.0.1", MERIDIAN_COLLECTOR: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
  if (!done) signal("SIGKILL");
}

/** Polls until the server answers HTTP (true) or the process exits (false), within `timeoutMs`. */
async function waitForAnswer(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<boolean | "timeout"> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) return false;
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return true; // any answer: next is serving (health may say 503 while the collector is off)
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return "timeout";
}

/** Starts the console and waits (at most `timeoutMs`) until it answers. */
export async function startConsole(env: Record<string, string>, timeoutMs = 120_000, port?: number): Promise<ConsoleProcess> {
  port ??= await freePort();
  const { child, output, exited } = spawnConsole(port, env);
  const url = `http://127.0.0.1:${port}`;
  const ready = await waitForAnswer(url, exited, timeoutMs);
  if (ready !== true) {
    await stopGroup(child, exited);
    throw new Error(`the console ${ready === false ? "exited before it was ready" : `was not ready within ${timeoutMs} ms`}:\n${output()}`);
  }
  return { url, output, exited, stop: () => stopGroup(child, exited) };
}

/** Runs the console expecting it to refuse to start: its exit code and output, or "started" (then stopped). */
export async function startConsoleExpectingFailure(env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number | null | "started"; output: string }> {
  const port = await freePort();
  const { child, output, exited } = spawnConsole(port, env);
  const answered = await waitForAnswer(`http://127.0.0.1:${port}`, exited, timeoutMs);
  if (answered === false) return { code: await exited, output: output() };
  await stopGroup(child, exited);
  if (answered === "timeout") throw new Error(`the console neither started nor failed within ${timeoutMs} ms:\n${output()}`);
  return { code: "started", output: output() };
}
