import { createHash } from "node:crypto";

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

export function hashAuditRow(row: AuditHashInput): string {
  const material = canonicalJson({ ...row, at: row.at.toISOString() });
  return createHash("sha256").update(material).digest("hex");
}

export type ChainProblem = { seq: number; kind: "edited" | "missing" | "broken-link"; message: string };

/**
 * Walks rows in seq order. An edited row no longer matches its hash; a deleted row leaves a gap
 * in seq and a prevHash that points at nothing we have.
 */
export function verifyChain(rows: Array<AuditHashInput & { hash: string }>, startPrevHash = GENESIS_HASH): { ok: boolean; checked: number; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prevHash = startPrevHash;
  let prevSeq: number | null = null;
  for (const { hash, ...row } of rows) {
    if (prevSeq !== null && row.seq !== prevSeq + 1) {
      problems.push({ seq: row.seq, kind: "missing", message: `rows ${prevSeq + 1}..${row.seq - 1} are missing` });
    }
    if (row.prevHash !== prevHash) {
      problems.push({ seq: row.seq, kind: "broken-link", message: `row ${row.seq} does not follow the previous row's hash` });
    }
    if (hashAuditRow(row) !== hash) {
      problems.push({ seq: row.seq, kind: "edited", message: `row ${row.seq} was changed after it was written` });
    }
    prevHash = hash;
    prevSeq = row.seq;
  }
  return { ok: problems.length === 0, checked: rows.length, problems };
}
