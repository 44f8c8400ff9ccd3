import "server-only";
import { appendFile, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { AuditInput } from "./schemas";
import { dataDir } from "@/lib/env";

// A standby's database is a read-only replica: what happens there (sign-ins, refused takeovers) is
// kept in a file beside it and appended to the audit chain by the takeover that makes it writable.
// A standby that never takes over keeps its file; README says where it is.

const spoolFile = () => path.join(dataDir(), "audit-spool.jsonl");

export async function spoolAuditEvent(input: AuditInput): Promise<void> {
  await appendFile(spoolFile(), `${JSON.stringify({ ...input, at: new Date().toISOString() })}\n`, { mode: 0o600 });
}

/** The spooled events, and a way to clear them once the transaction that appended them committed. */
export async function readAuditSpool(): Promise<{ events: AuditInput[]; clear: () => Promise<void> }> {
  const text = await readFile(spoolFile(), "utf8").catch(() => "");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const events = lines.map((line) => {
    const { at, ...input } = JSON.parse(line) as AuditInput & { at: string };
    return { ...input, details: { ...(input.details ?? {}), spooledOnStandbyAt: at } };
  });
  return { events, clear: () => rm(spoolFile(), { force: true }) };
}
