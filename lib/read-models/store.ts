import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";

export type StoredModel<T, M> = { rows: T[]; meta: M; computedAt: Date };

/** Replaces a model's rows and state in one transaction: readers see the old answer or the new one. */
export async function saveReadModel(model: string, rows: Array<{ key: string; data: unknown }>, meta: unknown, inputsVersion: string, durationMs: number, computedAt = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    // Replicas (and overlapping refreshes) replace the same model one at a time, never interleaved.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`read-model:${model}`}))`;
    await tx.readModelRow.deleteMany({ where: { model } });
    if (rows.length) {
      await tx.readModelRow.createMany({ data: rows.map((r, position) => ({ model, key: r.key, position, data: r.data as Prisma.InputJsonValue, computedAt })) });
    }
    const state = { computedAt, durationMs, inputsVersion, meta: (meta ?? {}) as Prisma.InputJsonValue };
    await tx.readModelState.upsert({ where: { model }, create: { model, ...state }, update: state });
  });
}

// Rows already read by this process, keyed by the model's computedAt: a request costs one indexed
// lookup of the state row unless the model changed since.
const holder = globalThis as unknown as { meridianReadModels?: Map<string, StoredModel<unknown, unknown>> };
const memo = () => (holder.meridianReadModels ??= new Map());

export async function readModelState(model: string) {
  return db().readModelState.findUnique({ where: { model } });
}

export async function loadReadModel<T, M>(model: string): Promise<StoredModel<T, M> | null> {
  const state = await readModelState(model);
  if (!state) return null;
  const cached = memo().get(model);
  if (cached && cached.computedAt.getTime() === state.computedAt.getTime()) return cached as StoredModel<T, M>;
  const rows = await db().readModelRow.findMany({ where: { model }, orderBy: { position: "asc" }, select: { data: true } });
  const loaded = { rows: rows.map((r) => r.data as T), meta: state.meta as M, computedAt: state.computedAt };
  memo().set(model, loaded);
  return loaded;
}
