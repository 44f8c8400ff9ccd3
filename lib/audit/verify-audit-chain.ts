import { db } from "@/lib/db/client";
import { AUDIT_HEAD_KEY } from "./append-event";
import { getAuditKeyring } from "./audit-keys";
import { finishWalk, startWalk, walkChain, type ChainProblem } from "./hash";

export type ChainReport = {
  ok: boolean;
  checked: number;
  /** Rows from before the chain was keyed (plain SHA-256). */
  legacy: number;
  problems: ChainProblem[];
  verifiedAt: string;
};

/** Reads the whole chain in pages and checks every link and HMAC, then the head pointer. */
export async function verifyAuditChain(opts: { pageSize?: number } = {}): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 2000;
  const keys = getAuditKeyring();
  const problems: ChainProblem[] = [];
  const walk = startWalk();
  let checked = 0;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: walk.prevSeq ?? 0 } }, orderBy: { seq: "asc" }, take: pageSize });
    if (rows.length === 0) break;
    problems.push(...walkChain(walk, rows, keys));
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
  return { ok: problems.length === 0, checked, legacy: walk.legacy, problems, verifiedAt: new Date().toISOString() };
}
