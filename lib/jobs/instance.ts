import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getEnv } from "@/lib/env";

const holder = globalThis as unknown as { meridianInstanceLabel?: string };

/**
 * A label for this process ("<instance>/<boot>") written into runner ids, locks and logs, so a
 * person can tell who ran what. It is never used to judge liveness: that is the heartbeat's job.
 */
export function getInstanceLabel(): string {
  if (!holder.meridianInstanceLabel) {
    let name: string | undefined;
    try {
      name = getEnv().MERIDIAN_INSTANCE_ID;
    } catch {
      name = undefined;
    }
    holder.meridianInstanceLabel = `${name ?? hostname()}/${randomBytes(3).toString("hex")}`;
  }
  return holder.meridianInstanceLabel;
}
