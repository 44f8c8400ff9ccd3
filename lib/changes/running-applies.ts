import { hostname } from "node:os";
import { getEnv } from "@/lib/env";

/** Applies running in this process, and the name this process writes into the workspace lock. */
const holder = globalThis as unknown as { meridianRunningApplies?: Set<string>; meridianBootId?: string };

export function runningApplies(): Set<string> {
  holder.meridianRunningApplies ??= new Set();
  return holder.meridianRunningApplies;
}

export function isApplyRunningHere(changeId: string): boolean {
  return runningApplies().has(changeId);
}

export function getInstanceName(): string {
  let configured: string | undefined;
  try {
    configured = getEnv().MERIDIAN_INSTANCE_ID;
  } catch {
    configured = undefined;
  }
  return configured ?? hostname();
}

/** "<instance>/<pid>/<boot>": a later process of the same instance knows an earlier one is dead. */
export function getLockHolder(): string {
  holder.meridianBootId ??= `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `${getInstanceName()}/${process.pid}/${holder.meridianBootId}`;
}
