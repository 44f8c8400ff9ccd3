import { db } from "@/lib/db/client";
import { AUDIT_HEAD_KEY } from "./append-event";
import { verifyChain, type ChainProblem } from "./hash";

export type ChainReport = { ok: boolean; checked: number; problems: ChainProblem[]; verifiedAt: string };

/** Reads the whole chain in pages and checks every link, then the head pointer. */
export async function verifyAuditChain(pageSize = 2000): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let checked = 0;
  let cursor = 0;
  let prev: { seq: number; hash: string } | null = null;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: pageSize });
    if (rows.length === 0) break;
    const result = verifyChain(rows, prev?.hash);
    // verifyChain cannot see the gap between pages; check the seam here.
    if (prev && rows[0].seq !== prev.seq + 1) problems.push({ seq: rows[0].seq, kind: "missing", message: `rows ${prev.seq + 1}..${rows[0].seq - 1} are missing` });
    if (!prev && rows[0].seq !== 1) problems.push({ seq: rows[0].seq, kind: "missing", message: `rows 1..${rows[0].seq - 1} are missing` });
    problems.push(...result.problems);
    checked += rows.length;
    const last = rows[rows.length - 1];
    prev = { seq: last.seq, hash: last.hash };
    cursor = last.seq;
  }
  const head = await db().setting.findUnique({ where: { key: AUDIT_HEAD_KEY } });
  const headValue = head?.value as { seq: number; hash: string } | undefined;
  if (headValue && (!prev || prev.seq !== headValue.seq || prev.hash !== headValue.hash)) {
    problems.push({ seq: headValue.seq, kind: "missing", message: `the newest rows up to ${headValue.seq} are missing` });
  }
  return { ok: problems.length === 0, checked, problems, verifiedAt: new Date().toISOString() };
}
