// Pages every viewer of one role sees alike (the overview and the live pages), rendered once per data
// version, role and request shape and replayed for up to PAGE_CACHE_MS. An incident bridge is a
// thousand people keeping the same page open: each render costs a web process ~18 ms of CPU, so
// without this a 2-core machine tops out near 100 viewers' loads a second, and every data version
// brings all the open pages' refreshes at once. The proxy (proxy.ts) decides who may be served a copy;
// this file only keeps copies. The data version is part of every key and a version move empties it
// (lib/live/data-version.ts drops shared reads), so a change is never hidden behind a copy.

/**
 * A copy is re-rendered once it is this old. While that render runs the old copy stands in, so relative ages
 * on the page ("12 s ago") are off by this plus one render, and never by more than 3 × this (see cachedPage).
 */
export const PAGE_CACHE_MS = 2_000;
// Roles × live pages × request shapes (a document, a refresh, a navigation from another page) × filters.
const MAX_ENTRIES = 256;

export type CachedPage = { status: number; headers: Array<[string, string]>; body: Uint8Array };
// `ready` is the copy once its render is done; `previous` the copy it replaces, served while it renders.
type Entry = { at: number; page: Promise<CachedPage | null>; ready?: CachedPage; previous?: CachedPage };

const holder = globalThis as unknown as { meridianPageCache?: Map<string, Entry> };
const entries = () => (holder.meridianPageCache ??= new Map());

/**
 * The copy for `key`, or the one `render` makes (at most one render per key at a time). While a copy
 * that has expired is re-rendered, callers get the expired one: under a crowd a render waits its turn
 * for a core, and nobody should wait on it for a page that differs only in its relative ages. A new
 * data version is a new key with no copy, so after a change everyone waits for the new render.
 * `render` answers null for a response that must not be shared (not a 200, sets a cookie); then nothing
 * is kept and each caller renders on its own.
 */
export function cachedPage(key: string, render: () => Promise<CachedPage | null>, now = Date.now()): Promise<CachedPage | null> {
  const hit = entries().get(key);
  if (hit && now - hit.at < PAGE_CACHE_MS) {
    const copy = hit.ready ?? hit.previous;
    return copy ? Promise.resolve(copy) : hit.page;
  }
  for (const [k, e] of entries()) if (now - e.at >= 2 * PAGE_CACHE_MS) entries().delete(k);
  // The oldest first (a Map keeps insertion order): a burst of odd filters never empties the crowd's copies.
  for (const k of entries().keys()) {
    if (entries().size < MAX_ENTRIES) break;
    entries().delete(k);
  }
  // An expired copy stands in only if its render began under 2 × PAGE_CACHE_MS ago, and only while its
  // replacement is fresh: no copy served is older than 3 × PAGE_CACHE_MS, however slow a render.
  const previous = hit && now - hit.at < 2 * PAGE_CACHE_MS ? hit.ready : undefined;
  const entry: Entry = { at: now, page: render(), previous };
  entries().set(key, entry);
  const forget = () => entries().get(key) === entry && entries().delete(key);
  entry.page.then((page) => {
    if (!page) return forget();
    entry.ready = page;
    entry.previous = undefined;
  }, forget);
  return previous ? Promise.resolve(previous) : entry.page;
}

/**
 * What tells one request for a shared page from another, beside its role, data version and path; null
 * for a request no copy may answer. The router's own requests (a live page's refresh, a navigation, a
 * prefetch) carry the RSC header and the router state they were made from, and are answered with an
 * RSC payload that depends on exactly those (Next's own Vary: rsc, next-router-state-tree,
 * next-router-prefetch, next-router-segment-prefetch; next-url for intercepted routes). Any other GET
 * is answered with the page's HTML whatever it accepts: a browser's document load, curl, a script.
 * The query string is kept whole, the router's _rsc included: it is a hash of those headers, and Next
 * answers a request whose _rsc does not match them with a redirect (no CDN may be handed the payload
 * of other headers under a URL); a copy is only ever what Next answered to that exact URL and headers.
 */
export function pageCopyShape(method: string, url: URL, headers: Headers): string[] | null {
  if (method !== "GET") return null;
  if (headers.get("rsc") !== "1") return ["html", url.search];
  return ["rsc", url.search, ...["next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"].map((h) => headers.get(h) ?? "")];
}

export function dropCachedPages(): void {
  entries().clear();
}

/** Whether a rendered response may be replayed to others of the same role. */
export function isShareable(res: { status: number; headers: Headers }): boolean {
  return res.status === 200 && !res.headers.has("set-cookie") && /^text\/(html|x-component)\b/.test(res.headers.get("content-type") ?? "");
}

// Hop-by-hop and per-response headers a replay must not repeat.
const NOT_REPLAYED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "set-cookie"]);

export async function toCachedPage(res: Response): Promise<CachedPage | null> {
  if (!isShareable(res)) {
    // Not awaited: inside the proxy, cancelling the body of Next's own empty 307 (a router request whose
    // _rsc does not match its headers) never settles, and the request would hang with every one joining it.
    res.body?.cancel().catch(() => undefined);
    return null;
  }
  const headers = [...res.headers].filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()));
  return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * What the proxy needs from the app to serve a copy, registered by the app at start
 * (instrumentation.ts): the proxy is bundled apart and must not load the database client itself.
 * No gate registered: no copies, every request renders.
 */
export type PageGate = {
  /** The role a session's user currently has if they may read the overview; null otherwise (disabled, unknown). */
  roleOf(userId: string): Promise<string | null>;
  /** The data version pages are rendered at now (lib/live/data-version.ts). */
  version(): Promise<string>;
  /** Where this process answers itself (http://127.0.0.1:PORT). */
  selfOrigin: string;
  /** Marks the process's own render requests; random per process, never sent anywhere else. */
  renderSecret: string;
};

const gateHolder = globalThis as unknown as { meridianPageGate?: PageGate };

export function registerPageGate(gate: PageGate): void {
  gateHolder.meridianPageGate = gate;
}

export function pageGate(): PageGate | undefined {
  return gateHolder.meridianPageGate;
}
