import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AuditKey, AuditKeyring } from "./audit-keys";

export const GENESIS_HASH = "0".repeat(64);

/** The fields an audit row's hash covers: everything but the hash itself. */
export type AuditHashInput = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: string;
  reason: string | null;
  details: unknown;
  requestId: string | null;
  prevHash: string;
  /** The audit key's id; null on rows written before the chain was keyed (plain SHA-256). */
  keyId: string | null;
};

/** JSON with sorted keys, so the hash does not depend on how the database returns jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

// The fields are named, not spread: a column added to the table later must not change old hashes.
// keyId is left out when null, so rows from before keys hash exactly as they were written.
function material(row: AuditHashInput): string {
  const { seq, at, actorId, actorName, action, targetType, targetId, outcome, reason, details, requestId, prevHash, keyId } = row;
  return canonicalJson({ seq, at: at.toISOString(), actorId, actorName, action, targetType, targetId, outcome, reason, details, requestId, prevHash, keyId: keyId ?? undefined });
}

/**
 * HMAC-SHA256 under the row's key, so whoever can write the database but does not hold the key
 * cannot recompute the chain after an edit. A row with no keyId is a legacy plain SHA-256 row.
 */
export function hashAuditRow(row: AuditHashInput, key: AuditKey | null): string {
  if (row.keyId === null) return createHash("sha256").update(material(row)).digest("hex");
  if (!key || key.id !== row.keyId) throw new Error(`audit row ${row.seq} needs key ${row.keyId}`);
  return createHmac("sha256", key.secret).update(material(row)).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type ChainProblemKind =
  | "edited"
  | "missing"
  | "broken-link"
  | "unknown-key"
  | "downgraded"
  | "head-missing"
  | "head-moved"
  | "checkpoint-ahead"
  | "checkpoint-mismatch"
  | "checkpoint-invalid";
export type ChainProblem = { seq: number; kind: ChainProblemKind; message: string };

/** Where a walk over the chain stands, carried from one page of rows to the next. */
export type ChainWalk = {
  prevSeq: number | null;
  prevHash: string;
  /** A keyed row was seen: a legacy row after it was rewritten by someone without the key. */
  keyed: boolean;
  /** Rows whose key the verifier does not hold, per key id; reported once per key at the end. */
  unknownKeys: Map<string, { first: number; last: number; count: number }>;
  legacy: number;
};

export function startWalk(): ChainWalk {
  return { prevSeq: null, prevHash: GENESIS_HASH, keyed: false, unknownKeys: new Map(), legacy: 0 };
}

/**
 * Walks rows in seq order. An edited row no longer matches its hash; a deleted row leaves a
 * prevHash that points at nothing we have. A gap in seq alone is not a deletion: seq comes from a
 * sequence, and a transaction that rolled back after taking a number leaves one; the next row's
 * link (under the HMAC) proves nothing was between them.
 */
export function walkChain(walk: ChainWalk, rows: ReadonlyArray<AuditHashInput & { hash: string }>, keys: AuditKeyring): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (const { hash, ...row } of rows) {
    if (row.prevHash !== walk.prevHash) {
      const after = walk.prevSeq === null ? "the start of the chain" : `row ${walk.prevSeq}`;
      if (walk.prevSeq !== null && row.prevHash === GENESIS_HASH) {
        // The writer found rows but no head pointer (lib/audit/append-event.ts).
        problems.push({ seq: row.seq, kind: "head-missing", message: `row ${row.seq} was written while the head pointer (setting audit.head) was deleted: it does not follow ${after}, and rows after ${walk.prevSeq} may have been cut` });
      } else {
        if (row.seq !== (walk.prevSeq ?? 0) + 1 || walk.prevSeq === null) {
          problems.push({ seq: row.seq, kind: "missing", message: `rows between ${after} and row ${row.seq} are missing` });
        }
        problems.push({ seq: row.seq, kind: "broken-link", message: `row ${row.seq} does not follow the previous row's hash` });
      }
    }
    if (row.keyId === null) {
      walk.legacy++;
      if (walk.keyed) problems.push({ seq: row.seq, kind: "downgraded", message: `row ${row.seq} has no audit key after keyed rows: it was rewritten without the key` });
      else if (!sameHash(hashAuditRow(row, null), hash)) problems.push({ seq: row.seq, kind: "edited", message: `row ${row.seq} was changed after it was written` });
    } else {
      walk.keyed = true;
      const key = keys.get(row.keyId);
      if (!key) {
        const seen = walk.unknownKeys.get(row.keyId);
        if (seen) Object.assign(seen, { last: row.seq, count: seen.count + 1 });
        else walk.unknownKeys.set(row.keyId, { first: row.seq, last: row.seq, count: 1 });
      } else if (!sameHash(hashAuditRow(row, key), hash)) {
        problems.push({ seq: row.seq, kind: "edited", message: `row ${row.seq} was changed after it was written (its HMAC does not match key ${row.keyId})` });
      }
    }
    walk.prevHash = hash;
    walk.prevSeq = row.seq;
  }
  return problems;
}

/** What the walk could not check: rows under keys this verifier does not hold. */
export function finishWalk(walk: ChainWalk): ChainProblem[] {
  return [...walk.unknownKeys].map(([id, { first, last, count }]) => ({
    seq: first,
    kind: "unknown-key" as const,
    message: `${count} row(s) from ${first} to ${last} are signed with audit key ${id}, which is neither MERIDIAN_AUDIT_KEY, the data folder's key, nor in MERIDIAN_AUDIT_KEYS_OLD`,
  }));
}

/** A whole chain in one go (tests, small chains). */
export function verifyChain(rows: ReadonlyArray<AuditHashInput & { hash: string }>, keys: AuditKeyring = new Map()): { ok: boolean; checked: number; problems: ChainProblem[] } {
  const walk = startWalk();
  const problems = [...walkChain(walk, rows, keys), ...finishWalk(walk)];
  return { ok: problems.length === 0, checked: rows.length, problems };
}
