import "server-only";
import { db } from "@/lib/db/client";
import { AUDIT_HEAD_KEY } from "./append-event";
import { getAuditKeyring } from "./audit-keys";
import { readLatestCheckpoint } from "./checkpoint";
import { finishWalk, sameHash, startWalk, walkChain, type ChainProblem } from "./hash";

export type ChainReport = {
  ok: boolean;
  checked: number;
  /** Rows from before the chain was keyed (plain SHA-256). */
  legacy: number;
  problems: ChainProblem[];
  /** Not failures, but limits of this check (no checkpoint yet). */
  warnings: string[];
  /** The checkpoint the chain was held against. */
  checkpoint: { seq: number; at: string; keyId: string; file: string } | null;
  verifiedAt: string;
};

/**
 * Reads the whole chain in pages and checks every link and HMAC, then the head pointer, then the
 * latest signed checkpoint outside the database: the chain must still hold the hash it signed.
 */
export async function verifyAuditChain(opts: { pageSize?: number } = {}): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 2000;
  const keys = getAuditKeyring();
  const latest = await readLatestCheckpoint(keys);
  const cp = latest.checkpoint;
  const problems: ChainProblem[] = [];
  const warnings: string[] = [];
  const walk = startWalk();
  let checked = 0;
  let hashAtCheckpoint: string | undefined;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: walk.prevSeq ?? 0 } }, orderBy: { seq: "asc" }, take: pageSize });
    if (rows.length === 0) break;
    problems.push(...walkChain(walk, rows, keys));
    if (cp) hashAtCheckpoint ??= rows.find((r) => r.seq === cp.seq)?.hash;
    checked += rows.length;
  }
  problems.push(...finishWalk(walk));

  const head = await db().setting.findUnique({ where: { key: AUDIT_HEAD_KEY } });
  const headValue = head?.value as { seq: number; hash: string } | undefined;
  if (!headValue && walk.prevSeq !== null) {
    problems.push({ seq: walk.prevSeq, kind: "head-missing", message: `the head pointer (setting ${AUDIT_HEAD_KEY}) was deleted` });
  }
  if (headValue && (walk.prevSeq !== headValue.seq || walk.prevHash !== headValue.hash)) {
    problems.push({ seq: headValue.seq, kind: "missing", message: `the newest rows up to ${headValue.seq} are missing (the chain ends at ${walk.prevSeq ?? "nothing"})` });
  }

  for (const message of latest.problems) problems.push({ seq: cp?.seq ?? 0, kind: "checkpoint-invalid", message });
  if (cp) {
    const seen = `the checkpoint of ${cp.at} (${latest.file})`;
    if (walk.prevSeq === null || walk.prevSeq < cp.seq) {
      problems.push({ seq: cp.seq, kind: "checkpoint-ahead", message: `the chain ends at ${walk.prevSeq ?? "nothing"} but ${seen} signed row ${cp.seq}: the newest rows were deleted` });
    } else if (hashAtCheckpoint === undefined) {
      problems.push({ seq: cp.seq, kind: "checkpoint-mismatch", message: `row ${cp.seq}, signed by ${seen}, is gone` });
    } else if (!sameHash(hashAtCheckpoint, cp.hash)) {
      problems.push({ seq: cp.seq, kind: "checkpoint-mismatch", message: `row ${cp.seq} no longer has the hash ${seen} signed: the chain up to it was rewritten` });
    }
  } else if (walk.prevSeq !== null && latest.problems.length === 0) {
    warnings.push(`no audit checkpoint in ${latest.file} yet: until one is exported, a chain rewritten with the key or cut short at its newest rows goes unnoticed`);
  }
  return {
    ok: problems.length === 0,
    checked,
    legacy: walk.legacy,
    problems,
    warnings,
    checkpoint: cp ? { seq: cp.seq, at: cp.at, keyId: cp.keyId, file: latest.file } : null,
    verifiedAt: new Date().toISOString(),
  };
}
