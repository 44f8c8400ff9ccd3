import "server-only";
import { db } from "@/lib/db/client";
import { getAuditKeyring, getCurrentAuditKey, type AuditKeyring } from "./audit-keys";
import { appendCheckpoint, checkpointFile, readLatestCheckpoint, signCheckpoint, type AuditCheckpoint } from "./checkpoint";
import { finishWalk, startWalk, walkChain, type ChainProblem } from "./hash";

export type CheckpointExport =
  | { status: "exported"; checkpoint: AuditCheckpoint; file: string }
  | { status: "unchanged"; checkpoint: AuditCheckpoint; file: string }
  | { status: "empty"; file: string };

/**
 * The chain no longer extends the last checkpoint, is broken since it, or the checkpoint file ends in
 * lines that do not verify: signing now would bless the damage, so a person looks first.
 */
export class AuditCheckpointRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`audit checkpoint refused: ${problems.join("; ")}`);
    this.name = "AuditCheckpointRefusedError";
  }
}

/**
 * Signs the chain's head and appends it to the checkpoint file: one export, meant to be run on a
 * schedule. Does nothing when the head has not moved since the last checkpoint. Before signing it
 * checks the rows since that checkpoint (all rows, the first time), and refuses with
 * AuditCheckpointRefusedError when they do not extend it.
 */
export async function exportAuditCheckpoint(opts: { file?: string; pageSize?: number; now?: Date } = {}): Promise<CheckpointExport> {
  const file = opts.file ?? checkpointFile();
  const head = await db().auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!head) return { status: "empty", file };
  const key = getCurrentAuditKey();
  const keys = new Map(getAuditKeyring()).set(key.id, key);
  const latest = await readLatestCheckpoint(keys, file);
  if (latest.problems.length) throw new AuditCheckpointRefusedError(latest.problems);
  const previous = latest.checkpoint;
  if (previous && previous.seq === head.seq && previous.hash === head.hash) return { status: "unchanged", checkpoint: previous, file };

  const problems = await checkSince(previous, head.seq, keys, opts.pageSize ?? 2000);
  if (problems.length) throw new AuditCheckpointRefusedError(problems.map((p) => p.message));

  const checkpoint = signCheckpoint(head, key, opts.now);
  await appendCheckpoint(checkpoint, file);
  return { status: "exported", checkpoint, file };
}

/** Walks the rows from the previous checkpoint's row (or the first row) up to `headSeq`. */
async function checkSince(previous: AuditCheckpoint | null, headSeq: number, keys: AuditKeyring, pageSize: number): Promise<ChainProblem[]> {
  const walk = startWalk();
  const problems: ChainProblem[] = [];
  if (previous) {
    if (previous.seq > headSeq) {
      return [{ seq: previous.seq, kind: "checkpoint-ahead", message: `the chain ends at ${headSeq} but the checkpoint of ${previous.at} signed row ${previous.seq}` }];
    }
    const anchor = await db().auditEvent.findUnique({ where: { seq: previous.seq }, select: { hash: true, keyId: true } });
    if (!anchor || anchor.hash !== previous.hash) {
      return [{ seq: previous.seq, kind: "checkpoint-mismatch", message: `row ${previous.seq} no longer has the hash the checkpoint of ${previous.at} signed` }];
    }
    Object.assign(walk, { prevSeq: previous.seq, prevHash: previous.hash, keyed: anchor.keyId !== null });
  }
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: walk.prevSeq ?? 0, lte: headSeq } }, orderBy: { seq: "asc" }, take: pageSize });
    if (rows.length === 0) break;
    problems.push(...walkChain(walk, rows, keys));
  }
  if (walk.prevSeq !== headSeq) problems.push({ seq: headSeq, kind: "missing", message: `rows up to ${headSeq} went missing while the checkpoint was prepared` });
  return [...problems, ...finishWalk(walk)];
}
