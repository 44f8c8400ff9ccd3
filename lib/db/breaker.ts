import "server-only";
import pg from "pg";

/**
 * The database's circuit breaker. A dark region does not refuse connections: packets go unanswered
 * and every query waits. One probe connection per database asks `SELECT 1` every second with a 1 s
 * bound; when it gets no answer the database is "unreachable since T": the connections in use are
 * cut (their queries fail at once instead of hanging) and new ones are refused without a wait, so
 * pages answer from what this process last read, saying since when. The first answer closes it again.
 */
export type DatabaseState = { state: "ok" | "unreachable"; since: string | null; lastOkAt: string | null; error: string | null };

export class DatabaseUnreachableError extends Error {
  readonly code = "MERIDIAN_DB_UNREACHABLE";
  constructor(readonly since: string) {
    super(`The console's database has not answered since ${since}.`);
    this.name = "DatabaseUnreachableError";
  }
}

const PROBE_EVERY_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;
// Two silent probes in a row: one slow answer on a busy machine is not a dark region.
const FAILURES_TO_OPEN = 2;

type Breaker = { url: string; state: DatabaseState; pools: Set<pg.Pool>; inUse: Set<pg.PoolClient>; probe?: pg.Client; timer?: NodeJS.Timeout; probing: boolean; users: number; failures: number };

// On globalThis, as the clients are (lib/db/client.ts): one breaker per database URL and process.
const holder = globalThis as unknown as { meridianBreakers?: Map<string, Breaker> };
const breakers = () => (holder.meridianBreakers ??= new Map());

function breakerFor(url: string): Breaker {
  let b = breakers().get(url);
  if (!b) {
    b = { url, state: { state: "ok", since: null, lastOkAt: null, error: null }, pools: new Set(), inUse: new Set(), probing: false, users: 0, failures: 0 };
    breakers().set(url, b);
  }
  return b;
}

/** Puts a pool behind its database's breaker: connections it hands out are tracked, and refused while the database is dark. */
export function guardPool(url: string, pool: pg.Pool): void {
  const b = breakerFor(url);
  b.pools.add(pool);
  b.users += 1;
  pool.on("acquire", (client) => b.inUse.add(client));
  pool.on("release", (_err, client) => b.inUse.delete(client));
  pool.on("remove", (client) => b.inUse.delete(client));
  const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) => Promise<pg.PoolClient> | undefined;
  // pg's own pool.query() connects with a callback, Prisma's adapter with a promise: both are refused while dark.
  (pool as unknown as { connect: typeof connect }).connect = (cb) => {
    if (b.state.state === "unreachable") {
      const error = new DatabaseUnreachableError(b.state.since ?? new Date().toISOString());
      if (cb) {
        process.nextTick(() => cb(error));
        return undefined;
      }
      return Promise.reject(error);
    }
    return connect(cb);
  };
  if (!b.timer) {
    b.timer = setInterval(() => void probe(b), PROBE_EVERY_MS);
    b.timer.unref();
  }
}

/** Stops the breaker of a pool that is being closed (tests and scripts close theirs). */
export function unguardPool(url: string, pool: pg.Pool): void {
  const b = breakers().get(url);
  if (!b || !b.pools.delete(pool)) return;
  b.users -= 1;
  if (b.users > 0) return;
  if (b.timer) clearInterval(b.timer);
  void b.probe?.end().catch(() => undefined);
  breakers().delete(url);
}

/**
 * Whether the promise settles well within ms. A late timer after a blocked event loop is not a
 * silent database: the answer already in the socket is read (one more turn of the loop) first.
 */
function answersWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let answered = false;
  const settled = work.then(
    () => (answered = true),
    () => false,
  );
  const late = new Promise<boolean>((resolve) => setTimeout(() => setImmediate(() => resolve(answered)), ms).unref());
  return Promise.race([settled, late]);
}

async function probe(b: Breaker): Promise<void> {
  if (b.probing) return;
  b.probing = true;
  try {
    let ok: boolean;
    let why = "no answer within 1.5 s";
    try {
      if (!b.probe) {
        const client = new pg.Client({ connectionString: b.url });
        client.on("error", () => undefined);
        b.probe = client;
        if (!(await answersWithin(client.connect(), PROBE_TIMEOUT_MS))) throw new Error("no connection within 1.5 s");
      }
      ok = await answersWithin(b.probe.query("SELECT 1"), PROBE_TIMEOUT_MS);
    } catch (error) {
      ok = false;
      why = error instanceof Error ? error.message : String(error);
    }
    if (ok) {
      b.failures = 0;
      b.state = { state: "ok", since: null, lastOkAt: new Date().toISOString(), error: null };
      return;
    }
    cut(b.probe);
    b.probe = undefined;
    b.failures += 1;
    if (b.state.state !== "unreachable" && b.failures >= FAILURES_TO_OPEN) {
      b.state = { state: "unreachable", since: b.state.lastOkAt ?? new Date().toISOString(), lastOkAt: b.state.lastOkAt, error: why };
      // Queries already sent to a dark database would wait for their own timeouts: fail them now.
      for (const client of b.inUse) cut(client);
    }
  } finally {
    b.probing = false;
  }
}

/** Destroys a connection's socket: its pending query fails with "Connection terminated" at once. */
export function cut(client: pg.Client | pg.PoolClient | undefined): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy: () => void } } } | undefined)?.connection?.stream;
  stream?.destroy();
}

/** What the breaker of this database knows now (ok until a probe said otherwise). */
export function getDatabaseState(url: string): DatabaseState {
  return breakers().get(url)?.state ?? { state: "ok", since: null, lastOkAt: null, error: null };
}

/** Asks the database now (bounded) instead of waiting for the next probe; the state after it. */
export async function probeDatabaseNow(url: string): Promise<DatabaseState> {
  const b = breakerFor(url);
  await probe(b);
  return b.state;
}
