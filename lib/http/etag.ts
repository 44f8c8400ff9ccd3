import { createHash } from "node:crypto";

/** A strong validator for a JSON body: the same answer always has the same tag. */
export function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** Whether an If-None-Match header names this tag (a list, weak tags and `*` included, per RFC 9110). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

// Read models hand every caller of the same question the same frozen object until the model
// changes (lib/read-models/queries.ts): a crowd then costs one serialization, one UTF-8 encoding and
// one hash per answer, not one per request. Only frozen answers are kept: anything else may change under us.
const bodies = new WeakMap<object, { body: Uint8Array<ArrayBuffer>; etag: string }>();
const utf8 = new TextEncoder();

function serialized(result: unknown): { body: Uint8Array<ArrayBuffer>; etag: string } {
  const shared = typeof result === "object" && result !== null && Object.isFrozen(result);
  const known = shared ? bodies.get(result) : undefined;
  if (known) return known;
  const text = JSON.stringify(result);
  const out = { body: utf8.encode(text) as Uint8Array<ArrayBuffer>, etag: etagOf(text) };
  if (shared) bodies.set(result, out);
  return out;
}

/**
 * A GET answer with an ETag, or 304 without a body when the caller already has it: pollers and CI
 * that ask again and again cost a hash and a few bytes when nothing changed. `no-cache` makes
 * browsers revalidate every time rather than reuse a stale answer; `private` keeps shared caches out.
 */
export function conditionalJson(req: Request, result: unknown, status: number, headers: Record<string, string>): Response {
  const { body, etag } = serialized(result);
  const common = { ...headers, etag, "cache-control": "private, no-cache" };
  if (status === 200 && matchesIfNoneMatch(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: common });
  // The Response reads a copy of the shared bytes (undici slices a view it is given): the kept ones never change.
  return new Response(body, { status, headers: { ...common, "content-type": "application/json" } });
}
