import "server-only";
import { createHash } from "node:crypto";
import { asUtcParam, sqlQuery, sqlTransaction, utc } from "@/lib/db/sql";
import { classifyDbError } from "@/lib/db/errors";
import { contentHash } from "@/lib/live/content-hash";
import { onRecentReadsDropped } from "@/lib/live/recently";

export type StoredModel<T, M> = { rows: T[]; meta: M; computedAt: Date };
type StateRow = { model: string; computedAt: Date; durationMs: number; inputsVersion: string; meta: unknown; rowsHash: string | null; contentHash: string | null };

/**
 * Replaces a model's rows and state in one transaction: readers see the old answer or the new one.
 * Rows equal to the stored ones are left as they are and only the envelope moves: a refresh of a
 * large fleet recomputes every model, and most (the version matrix above all) come out unchanged.
 * The content hash leaves out the as-of times (and `metaAsOf`, top-level meta keys that are times
 * too, such as a window's end): the data version moves when what the model says does.
 */
export async function saveReadModel(
  model: string,
  rows: Array<{ key: string; data: unknown }>,
  meta: unknown,
  inputsVersion: string,
  durationMs: number,
  computedAt = new Date(),
  metaAsOf: readonly string[] = [],
): Promise<void> {
  const keyed = rows.map((r) => ({ key: r.key, data: r.data ?? null }));
  const rowsJson = JSON.stringify(keyed);
  const rowsHash = createHash("sha1").update(rowsJson).digest("base64url");
  const said = Object.fromEntries(Object.entries((meta ?? {}) as Record<string, unknown>).filter(([k]) => !metaAsOf.includes(k)));
  const content = contentHash({ rows: keyed, meta: said });
  await sqlTransaction(async (client) => {
    // Replicas (and overlapping refreshes) replace the same model one at a time, never interleaved.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`read-model:${model}`]);
    const stored = await client.query<{ rowsHash: string | null }>(`SELECT "rowsHash" FROM "ReadModelState" WHERE "model" = $1`, [model]);
    if (stored.rows[0]?.rowsHash !== rowsHash) {
      await client.query(`DELETE FROM "ReadModelRow" WHERE "model" = $1`, [model]);
      if (rows.length) {
        await client.query(
          `INSERT INTO "ReadModelRow" ("model", "key", "position", "data", "computedAt")
           SELECT $1, r.value->>'key', (r.ordinality - 1)::int, r.value->'data', ${asUtcParam("$2")}
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS r(value, ordinality)`,
          [model, computedAt.toISOString(), rowsJson],
        );
      }
    }
    await client.query(
      `INSERT INTO "ReadModelState" ("model", "computedAt", "durationMs", "inputsVersion", "meta", "rowsHash", "contentHash") VALUES ($1, ${asUtcParam("$2")}, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT ("model") DO UPDATE SET "computedAt" = EXCLUDED."computedAt", "durationMs" = EXCLUDED."durationMs", "inputsVersion" = EXCLUDED."inputsVersion", "meta" = EXCLUDED."meta", "rowsHash" = EXCLUDED."rowsHash", "contentHash" = EXCLUDED."contentHash"`,
      [model, computedAt.toISOString(), durationMs, inputsVersion, JSON.stringify(meta ?? {}), rowsHash, content],
    );
  });
  // Stored JSON drops undefined: keep the envelope as a reader of the row would see it.
  states().set(model, { row: { model, computedAt, durationMs, inputsVersion, meta: JSON.parse(JSON.stringify(meta ?? {})) as unknown, rowsHash, contentHash: content }, at: Date.now() });
}

// Rows already read by this process, with the model's computedAt and the hash of those rows: a
// request costs one indexed lookup of the state row unless the model changed since, and a model whose
// rows did not change is not read again.
type HeldModel = StoredModel<unknown, unknown> & { rowsHash: string | null };
const holder = globalThis as unknown as { meridianReadModels?: Map<string, HeldModel> };
const memo = () => (holder.meridianReadModels ??= new Map());

// The state row as last read or written here. Readers may take it up to a second old: a crowd of
// requests then costs one lookup per model and second, not one each, and no request waits on the
// database when it is busy. This process's own refreshes are seen at once (written through).
// Dropped with the other shared reads when this process sees the data version move: a page
// rendered after its version was read never shows a model older than that version.
const stateHolder = globalThis as unknown as { meridianReadModelStates?: Map<string, { row: StateRow | null; at: number }>; meridianReadModelStatesDrops?: number };
const states = () => {
  if (!stateHolder.meridianReadModelStates) {
    stateHolder.meridianReadModelStates = new Map();
    onRecentReadsDropped(() => {
      stateHolder.meridianReadModelStatesDrops = (stateHolder.meridianReadModelStatesDrops ?? 0) + 1;
      stateHolder.meridianReadModelStates?.clear();
    });
  }
  return stateHolder.meridianReadModelStates;
};
const STATE_REUSE_MS = 1_000;

export async function readModelState(model: string, { reuseMs = 0 }: { reuseMs?: number } = {}): Promise<StateRow | null> {
  const known = states().get(model);
  if (known && Date.now() - known.at < Math.min(reuseMs, STATE_REUSE_MS)) return known.row;
  const drops = stateHolder.meridianReadModelStatesDrops;
  const at = Date.now();
  let row: StateRow | undefined;
  try {
    [row] = await sqlQuery<StateRow>(`SELECT "model", ${utc("computedAt")} AS "computedAt", "durationMs", "inputsVersion", "meta", "rowsHash", "contentHash" FROM "ReadModelState" WHERE "model" = $1`, [model]);
  } catch (error) {
    // The database is dark: the envelope as last read here (its rows are held too, heldWhenDark).
    if (known && classifyDbError(error) === "unreachable") return known.row;
    throw error;
  }
  // A read that started before a drop may predate what the drop was for: answer with it, never share it.
  if (drops === stateHolder.meridianReadModelStatesDrops) states().set(model, { row: row ?? null, at });
  return row ?? null;
}

/**
 * The model as last read here when the database does not answer: pages keep showing the last read
 * models this process holds (the shell says "no database since T"), never a blank page.
 */
function heldWhenDark<T>(model: string, error: unknown): T {
  const held = memo().get(model);
  if (held && classifyDbError(error) === "unreachable") return held as T;
  throw error;
}

// The one load of a model's new rows in flight per process: a crowd asking while thousands of rows
// are read and parsed joins it rather than reading them again.
const loads = () => ((globalThis as unknown as { meridianReadModelLoads?: Map<string, { computedAt: number; promise: Promise<StoredModel<unknown, unknown>> }> }).meridianReadModelLoads ??= new Map());

export async function loadReadModel<T, M>(model: string): Promise<StoredModel<T, M> | null> {
  return loadHeldModel<T, M>(model).catch((error: unknown) => heldWhenDark<StoredModel<T, M>>(model, error));
}

async function loadHeldModel<T, M>(model: string): Promise<StoredModel<T, M> | null> {
  const state = await readModelState(model, { reuseMs: STATE_REUSE_MS });
  if (!state) return null;
  const cached = memo().get(model);
  if (cached && cached.computedAt.getTime() === state.computedAt.getTime()) return cached as StoredModel<T, M>;
  // A newer envelope over the rows held here: nothing to read (and no new copy of thousands of rows).
  if (cached && state.rowsHash !== null && cached.rowsHash === state.rowsHash && cached.computedAt.getTime() < state.computedAt.getTime()) {
    const moved: HeldModel = { rows: cached.rows, meta: state.meta, computedAt: state.computedAt, rowsHash: state.rowsHash };
    memo().set(model, moved);
    return moved as StoredModel<T, M>;
  }
  const pending = loads().get(model);
  // Requests overlapping the load of a newer answer take the previous one (its computedAt says how
  // old): they would otherwise queue behind it. The request that started the load waits for it.
  if (pending && pending.computedAt === state.computedAt.getTime()) return (cached ?? (await pending.promise)) as StoredModel<T, M>;
  const promise = (async () => {
    // The rows' hash comes from the same statement (one snapshot): the rows may be newer than `state`,
    // and must never be held under the hash of other rows.
    const rows = await sqlQuery<{ data: T; rowsHash: string | null }>(
      `SELECT "data", (SELECT "rowsHash" FROM "ReadModelState" WHERE "model" = $1) AS "rowsHash" FROM "ReadModelRow" WHERE "model" = $1 ORDER BY "position"`,
      [model],
    );
    const loaded: HeldModel = { rows: rows.map((r) => r.data), meta: state.meta as M, computedAt: state.computedAt, rowsHash: rows[0]?.rowsHash ?? null };
    // An overlapping save may have stored a newer answer meanwhile: never replace it with this one.
    const now = memo().get(model);
    if (!now || now.computedAt.getTime() < loaded.computedAt.getTime()) memo().set(model, loaded);
    return loaded;
  })().finally(() => {
    if (loads().get(model)?.promise === promise) loads().delete(model);
  });
  loads().set(model, { computedAt: state.computedAt.getTime(), promise });
  return (await promise) as StoredModel<T, M>;
}

/** A slice of a model's rows by position, without loading the rest (a crowd paging thousands of rows). */
export async function loadReadModelPage<T>(model: string, { offset, limit, where }: { offset: number; limit: number; where?: { key: string; equals: string } }): Promise<T[]> {
  const rows = where
    ? await sqlQuery<{ data: T }>(`SELECT "data" FROM "ReadModelRow" WHERE "model" = $1 AND "data"->>$4 = $5 ORDER BY "position" OFFSET $2 LIMIT $3`, [model, offset, limit, where.key, where.equals])
    : await sqlQuery<{ data: T }>(`SELECT "data" FROM "ReadModelRow" WHERE "model" = $1 ORDER BY "position" OFFSET $2 LIMIT $3`, [model, offset, limit]);
  return rows.map((r) => r.data);
}
