// A browser attaches the session cookie to requests another site makes it send: an HTML form can
// POST text/plain, urlencoded or multipart bodies with no preflight. A cookie-authenticated change
// must therefore come from this console's own pages: the content type a form cannot send (JSON) and
// an Origin (or Sec-Fetch-Site) that says same-origin. Bearer-token callers are not browsers' ambient
// credentials and are exempt.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type BodyType = "application/json" | "multipart/form-data";

/** Origins this console answers on: the one the request was addressed to, and NEXTAUTH_URL's. */
export function ownOrigins(req: Request, publicUrl?: string): Set<string> {
  const origins = new Set<string>();
  const url = new URL(req.url);
  origins.add(url.origin);
  // The Host header is what the browser addressed; a cross-site page cannot change it.
  const host = req.headers.get("host");
  if (host) origins.add(`${url.protocol}//${host}`);
  if (publicUrl) {
    try {
      origins.add(new URL(publicUrl).origin);
    } catch {
      // An unparsable NEXTAUTH_URL adds nothing; env validation reports it at start.
    }
  }
  return origins;
}

function sameOrigin(req: Request, publicUrl?: string): boolean {
  const origin = req.headers.get("origin");
  // "null" (sandboxed frames, some redirects) never matches an origin of ours.
  if (origin !== null) return ownOrigins(req, publicUrl).has(origin);
  return req.headers.get("sec-fetch-site") === "same-origin";
}

/**
 * Why a cookie-authenticated request must be refused as possibly cross-site, or null when it may
 * proceed. Reads (GET/HEAD/OPTIONS) always proceed: they change nothing.
 */
export function crossSiteRefusal(req: Request, bodyType: BodyType, publicUrl?: string): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== bodyType) {
    return `A signed-in browser must send this request as ${bodyType} (got ${type ? type.slice(0, 80) : "no content type"}); cross-site forms are refused.`;
  }
  if (!sameOrigin(req, publicUrl)) {
    return "This request did not come from the console's own pages (Origin is missing or another site's); cross-site requests are refused.";
  }
  return null;
}
