import "server-only";
import { createHmac } from "node:crypto";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { getAuditEnv } from "@/lib/env";
import type { AuditKey, AuditKeyring } from "./audit-keys";
import { canonicalJson, sameHash } from "./hash";

/**
 * A signed statement, kept outside the database, that the chain had `hash` at `seq` at time `at`, and
 * (from v2) `count` rows up to it. Someone who rewrites the database (even with the key) cannot make an
 * older checkpoint disagree with the rewritten chain, nor undo rows a checkpoint has seen.
 */
const checkpointFields = {
  type: z.literal("meridian.audit-checkpoint"),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  keyId: z.string().regex(/^[0-9a-f]{8}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
};
export const auditCheckpoint = z.discriminatedUnion("v", [
  z.object({ ...checkpointFields, v: z.literal(1) }).strict(),
  // seq comes from a sequence and may skip numbers, so the count says how many rows the checkpoint saw.
  z.object({ ...checkpointFields, v: z.literal(2), count: z.number().int().positive() }).strict(),
]);
export type AuditCheckpoint = z.infer<typeof auditCheckpoint>;

export function checkpointFile(): string {
  const env = getAuditEnv();
  return path.resolve(env.MERIDIAN_AUDIT_CHECKPOINT_PATH ?? path.join(env.MERIDIAN_DATA_DIR, "audit-checkpoints.jsonl"));
}

function signature(fields: Record<string, unknown>, key: AuditKey): string {
  return createHmac("sha256", key.secret).update(canonicalJson(fields)).digest("hex");
}

export function signCheckpoint(head: { seq: number; hash: string; count: number }, key: AuditKey, at = new Date()): AuditCheckpoint {
  const fields = { type: "meridian.audit-checkpoint" as const, v: 2 as const, seq: head.seq, hash: head.hash, count: head.count, at: at.toISOString(), keyId: key.id };
  return { ...fields, signature: signature(fields, key) };
}

export type LatestCheckpoint = {
  file: string;
  checkpoint: AuditCheckpoint | null;
  /** Lines after the latest good one that are not good checkpoints: forged, damaged, or under an unknown key. */
  problems: string[];
};

// The file grows by one line per export; the newest checkpoint is at its end, so only the end is read.
const TAIL_BYTES = 64 * 1024;

/** The newest well-formed checkpoint whose signature verifies with a key of the ring. */
export async function readLatestCheckpoint(keys: AuditKeyring, file = checkpointFile()): Promise<LatestCheckpoint> {
  let text: string;
  let fromStart: boolean;
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      text = buffer.toString("utf8");
      fromStart = start === 0;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { file, checkpoint: null, problems: [] };
    throw error;
  }
  const lines = text.split("\n");
  if (!fromStart) lines.shift(); // the first line of the tail may be cut
  const problems: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line) continue;
    const checked = checkLine(line, keys);
    if (typeof checked !== "string") return { file, checkpoint: checked, problems };
    // The file is not named: these messages reach API answers (the CLI says which file it read).
    problems.unshift(`checkpoint line ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}: ${checked}`);
  }
  return { file, checkpoint: null, problems };
}

function checkLine(line: string, keys: AuditKeyring): AuditCheckpoint | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return "not JSON (an interrupted write, or edited)";
  }
  const parsed = auditCheckpoint.safeParse(json);
  if (!parsed.success) return "not an audit checkpoint";
  const { signature: claimed, ...fields } = parsed.data;
  const key = keys.get(fields.keyId);
  if (!key) return `signed with audit key ${fields.keyId}, which is neither MERIDIAN_AUDIT_KEY, the data folder's key, nor in MERIDIAN_AUDIT_KEYS_OLD`;
  if (!sameHash(signature(fields, key), claimed)) return "its signature does not verify: it was forged or edited";
  return parsed.data;
}

/** Appends one line and flushes it to disk before returning. */
export async function appendCheckpoint(checkpoint: AuditCheckpoint, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "a", 0o644);
  try {
    await handle.write(`${JSON.stringify(checkpoint)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
