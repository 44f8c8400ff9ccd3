import "server-only";
import { AUDIT_HEAD_KEY, parseAuditHead } from "./append-event";
import { getAuditKeyring } from "./audit-keys";
import { readLatestCheckpoint } from "./checkpoint";
import { CHECKPOINT_STALE_MS } from "./checkpoint-schedule";
import { finishWalk, sameHash, startWalk, walkChain, type ChainProblem } from "./hash";
import { readAuditSnapshot } from "./snapshot";

export type ChainReport = {
  ok: boolean;
  checked: number;
  /** Rows from before the chain was keyed (plain SHA-256). */
  legacy: number;
  problems: ChainProblem[];
  /** Not failures, but limits of this check (no checkpoint yet, or none for a while). */
  warnings: string[];
  /** The checkpoint the chain was held against (where it is kept is the server's business, not the answer's). */
  checkpoint: { seq: number; at: string; keyId: string; count: number | null } | null;
  verifiedAt: string;
};

/**
 * Reads the whole chain in pages and checks every link and HMAC, then the head pointer, then the
 * latest signed checkpoint outside the database: the chain must still hold the hash it signed and
 * as many rows up to it as it counted. Rows and head pointer are read in one snapshot, so writes
 * going on meanwhile are never mistaken for tampering.
 */
export async function verifyAuditChain(opts: { pageSize?: number; now?: Date } = {}): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 2000;
  const keys = getAuditKeyring();
  // Before the snapshot: every checkpoint in the file signed a head committed before it was written,
  // so the snapshot taken next holds it.
  const latest = await readLatestCheckpoint(keys);
  const cp = latest.checkpoint;
  const read = await readAuditSnapshot(async (tx) => {
    const problems: ChainProblem[] = [];
    const walk = startWalk();
    let checked = 0;
    let hashAtCheckpoint: string | undefined;
    let countUpToCheckpoint = 0;
    let firstAfterCheckpoint: Date | null = null;
    for (;;) {
      const rows = await tx.auditEvent.findMany({ where: { seq: { gt: walk.prevSeq ?? 0 } }, orderBy: { seq: "asc" }, take: pageSize });
      if (rows.length === 0) break;
      problems.push(...walkChain(walk, rows, keys));
      if (cp) {
        for (const r of rows) {
          if (r.seq <= cp.seq) countUpToCheckpoint++;
          if (r.seq === cp.seq) hashAtCheckpoint = r.hash;
          if (r.seq > cp.seq) firstAfterCheckpoint ??= r.at;
        }
      }
      checked += rows.length;
    }
    problems.push(...finishWalk(walk));
    const head = parseAuditHead((await tx.setting.findUnique({ where: { key: AUDIT_HEAD_KEY } }))?.value);
    return { problems, walk, checked, head, hashAtCheckpoint, countUpToCheckpoint, firstAfterCheckpoint };
  });
  const { problems, walk, head } = read;
  const warnings: string[] = [];

  const end = walk.prevSeq;
  if (!head && end !== null) {
    problems.push({ seq: end, kind: "head-missing", message: `the head pointer (setting ${AUDIT_HEAD_KEY}) was deleted` });
  } else if (head && (end === null || head.seq > end)) {
    problems.push({ seq: head.seq, kind: "missing", message: `the newest rows up to ${head.seq} are missing (the chain ends at ${end ?? "nothing"})` });
  } else if (head && (head.seq !== end || head.hash !== walk.prevHash)) {
    problems.push({ seq: head.seq, kind: "head-moved", message: `the head pointer names row ${head.seq} (${head.hash.slice(0, 12)}…) but the chain ends at row ${end} (${walk.prevHash.slice(0, 12)}…): the pointer was edited` });
  }

  for (const message of latest.problems) problems.push({ seq: cp?.seq ?? 0, kind: "checkpoint-invalid", message });
  if (cp) {
    const seen = `the checkpoint of ${cp.at}`;
    if (end === null || end < cp.seq) {
      problems.push({ seq: cp.seq, kind: "checkpoint-ahead", message: `the chain ends at ${end ?? "nothing"} but ${seen} signed row ${cp.seq}: the newest rows were deleted` });
    } else if (read.hashAtCheckpoint === undefined) {
      problems.push({ seq: cp.seq, kind: "checkpoint-mismatch", message: `row ${cp.seq}, signed by ${seen}, is gone` });
    } else if (!sameHash(read.hashAtCheckpoint, cp.hash)) {
      problems.push({ seq: cp.seq, kind: "checkpoint-mismatch", message: `row ${cp.seq} no longer has the hash ${seen} signed: the chain up to it was rewritten` });
    } else if (cp.v === 2 && read.countUpToCheckpoint !== cp.count) {
      problems.push({ seq: cp.seq, kind: "checkpoint-mismatch", message: `${seen} counted ${cp.count} rows up to row ${cp.seq}; the chain has ${read.countUpToCheckpoint}` });
    }
    const now = opts.now ?? new Date();
    if (read.firstAfterCheckpoint && now.getTime() - read.firstAfterCheckpoint.getTime() > CHECKPOINT_STALE_MS) {
      warnings.push(
        `rows since ${read.firstAfterCheckpoint.toISOString()} are in no checkpoint yet (the latest signed row ${cp.seq} at ${cp.at}): the background worker exports one within 30 s of a write; is one running (MERIDIAN_WORKER)? Until then the newest rows can be deleted unnoticed`,
      );
    }
  } else if (end !== null && latest.problems.length === 0) {
    warnings.push("no audit checkpoint yet: until one is exported, a chain rewritten with the key or cut short at its newest rows goes unnoticed");
  }
  return {
    ok: problems.length === 0,
    checked: read.checked,
    legacy: walk.legacy,
    problems,
    warnings,
    checkpoint: cp ? { seq: cp.seq, at: cp.at, keyId: cp.keyId, count: cp.v === 2 ? cp.count : null } : null,
    verifiedAt: new Date().toISOString(),
  };
}
