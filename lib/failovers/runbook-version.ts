import { createHash } from "node:crypto";
import type { RunbookConfig } from "@/lib/runbooks/config-schema";

/** JSON with object keys sorted at every level: the same runbook always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * A runbook's version: SHA-256 of its canonical JSON (as parsed, durations in ms, defaults
 * filled in). Approvals bind to it, so any edit to the runbook voids them.
 */
export function getRunbookVersion(rb: RunbookConfig): string {
  return createHash("sha256").update(canonicalJson(rb)).digest("hex");
}
