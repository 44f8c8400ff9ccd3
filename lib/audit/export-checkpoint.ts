import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { AUDIT_HEAD_KEY, parseAuditHead } from "./append-event";
import { getAuditKeyring, getCurrentAuditKey, type AuditKeyring } from "./audit-keys";
import { appendCheckpoint, checkpointFile, readLatestCheckpoint, signCheckpoint, type AuditCheckpoint } from "./checkpoint";
import { finishWalk, startWalk, walkChain, type ChainProblem } from "./hash";
import { readAuditSnapshot } from "./snapshot";

export type CheckpointExport =
  | { status: "exported"; checkpoint: AuditCheckpoint; file: string }
  | { status: "unchanged"; checkpoint: AuditCheckpoint; file: string }
  | { status: "empty"; file: string }
  /** Another export (another replica's, or the CLI's) is running: this one did nothing. */
  | { status: "busy"; file: string };

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

// One export at a time across replicas and the CLI: the file is read, checked and appended under it.
const CHECKPOINT_LOCK_KEY = 727_002;

/**
 * Signs the chain's head and its row count and appends them to the checkpoint file: one export, run
 * by the background worker (lib/audit/checkpoint-schedule.ts) and by `audit:verify -- --checkpoint`.
 * Does nothing when the head has not moved since the last checkpoint. Before signing it checks the
 * rows since that checkpoint (all rows, the first time), and refuses with AuditCheckpointRefusedError
 * when they do not extend it. `wait: false` returns "busy" instead of waiting for another export.
 */
export async function exportAuditCheckpoint(opts: { file?: string; pageSize?: number; now?: Date; wait?: boolean } = {}): Promise<CheckpointExport> {
  const file = opts.file ?? checkpointFile();
  const key = getCurrentAuditKey();
  const keys = new Map(getAuditKeyring()).set(key.id, key);
  return db().$transaction(
    async (lockTx) => {
      if (!(await takeExportLock(lockTx, opts.wait ?? true))) return { status: "busy", file } as const;
      // Under the lock, so no other export appends meanwhile; before the snapshot, so the snapshot
      // (taken next, on another connection) holds every row the file's checkpoints signed.
      const latest = await readLatestCheckpoint(keys, file);
      if (latest.problems.length) throw new AuditCheckpointRefusedError(latest.problems);
      const previous = latest.checkpoint;
      const read = await readAuditSnapshot((tx) => readSince(tx, previous, keys, opts.pageSize ?? 2000));
      if (read === null) return { status: "empty", file } as const;
      if (read.problems.length) throw new AuditCheckpointRefusedError(read.problems.map((p) => p.message));
      if (previous && previous.seq === read.head.seq && previous.hash === read.head.hash) return { status: "unchanged", checkpoint: previous, file } as const;
      const checkpoint = signCheckpoint(read.head, key, opts.now);
      await appendCheckpoint(checkpoint, file);
      return { status: "exported", checkpoint, file } as const;
    },
    { maxWait: 30_000, timeout: 15 * 60_000 },
  );
}

async function takeExportLock(tx: Tx, wait: boolean): Promise<boolean> {
  if (wait) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK_KEY})`;
    return true;
  }
  const [{ locked }] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${CHECKPOINT_LOCK_KEY}) AS "locked"`;
  return locked;
}

/**
 * In one snapshot: the head (newest row, which the head pointer must name), the rows since the
 * previous checkpoint's row (or all rows, the first time) walked up to it, and how many rows the
 * chain holds up to it. Null when the chain is empty.
 */
async function readSince(tx: Tx, previous: AuditCheckpoint | null, keys: AuditKeyring, pageSize: number): Promise<{ head: { seq: number; hash: string; count: number }; problems: ChainProblem[] } | null> {
  const newest = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!newest) return null;
  const pointer = parseAuditHead((await tx.setting.findUnique({ where: { key: AUDIT_HEAD_KEY } }))?.value);
  const head = { seq: newest.seq, hash: newest.hash, count: await tx.auditEvent.count({ where: { seq: { lte: newest.seq } } }) };
  if (!pointer) return { head, problems: [{ seq: newest.seq, kind: "head-missing", message: `the head pointer (setting ${AUDIT_HEAD_KEY}) was deleted` }] };
  if (pointer.seq !== newest.seq || pointer.hash !== newest.hash) {
    return { head, problems: [{ seq: pointer.seq, kind: "missing", message: `the head pointer names row ${pointer.seq} but the chain ends at ${newest.seq}: the newest rows were deleted or the pointer edited` }] };
  }
  const walk = startWalk();
  if (previous) {
    if (previous.seq > newest.seq) {
      return { head, problems: [{ seq: previous.seq, kind: "checkpoint-ahead", message: `the chain ends at ${newest.seq} but the checkpoint of ${previous.at} signed row ${previous.seq}` }] };
    }
    const anchor = await tx.auditEvent.findUnique({ where: { seq: previous.seq }, select: { hash: true, keyId: true } });
    if (!anchor || anchor.hash !== previous.hash) {
      return { head, problems: [{ seq: previous.seq, kind: "checkpoint-mismatch", message: `row ${previous.seq} no longer has the hash the checkpoint of ${previous.at} signed` }] };
    }
    if (previous.v === 2 && (await tx.auditEvent.count({ where: { seq: { lte: previous.seq } } })) !== previous.count) {
      return { head, problems: [{ seq: previous.seq, kind: "checkpoint-mismatch", message: `the checkpoint of ${previous.at} counted ${previous.count} rows up to row ${previous.seq}; the chain no longer has that many` }] };
    }
    Object.assign(walk, { prevSeq: previous.seq, prevHash: previous.hash, keyed: anchor.keyId !== null });
  }
  const problems: ChainProblem[] = [];
  for (;;) {
    const rows = await tx.auditEvent.findMany({ where: { seq: { gt: walk.prevSeq ?? 0, lte: newest.seq } }, orderBy: { seq: "asc" }, take: pageSize });
    if (rows.length === 0) break;
    problems.push(...walkChain(walk, rows, keys));
  }
  return { head, problems: [...problems, ...finishWalk(walk)] };
}
