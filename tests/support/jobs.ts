import { db } from "@/lib/db/client";
import { startJobWorker, stopJobWorker } from "@/lib/jobs/worker";

/** This test process's job worker on the test database: applies and failovers run through the real queue. */
export async function startTestWorker(url: string): Promise<{ stop: () => Promise<void> }> {
  await startJobWorker(url, 8);
  return { stop: () => stopJobWorker() };
}

async function poll<T>(what: string, read: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the change has left `applying`; returns how it ended and whether its workspace lock is still held. */
export function waitForApplyEnd(id: string, timeoutMs = 60_000) {
  return poll(
    `change ${id} to finish applying`,
    async () => {
      const c = await db().changeRequest.findUniqueOrThrow({ where: { id }, select: { state: true, exitCode: true, workspace: true } });
      if (c.state === "applying") return null;
      const lock = await db().workspaceLock.findUnique({ where: { workspace: c.workspace } });
      return { state: c.state, exitCode: c.exitCode, lockHeld: lock?.changeId === id };
    },
    timeoutMs,
  );
}

/** Waits until the failover run has left `running` / `rolling-back`; returns its final state as `outcome`. */
export function waitForRunEnd(id: string, timeoutMs = 60_000) {
  return poll(
    `failover ${id} to finish`,
    async () => {
      const r = await db().failoverRun.findUniqueOrThrow({ where: { id }, select: { state: true } });
      return ["running", "rolling-back"].includes(r.state) ? null : { outcome: r.state };
    },
    timeoutMs,
  );
}
