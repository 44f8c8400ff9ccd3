// Where to send a person after sign-in. callbackUrl comes from the query string, so anything that a
// browser could resolve to another origin is replaced by "/": "//evil.example", "/\evil.example"
// (browsers read "\" as "/"), tabs and newlines (browsers drop them: "/\t/evil.example"), absolute
// URLs to other origins, and paths that normalise to "//" ("/.//evil.example"). What is kept comes
// back percent-encoded, as the URL parser serialises it: it goes into a Location header, which takes
// no character beyond Latin-1 (a raw "/∕∕evil.example" made Node throw, a 500), and "∕" stays a
// character of the path, never a slash.

// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_LENGTH = 2000;

/**
 * A same-origin path ("/changes/1?x=y"), percent-encoded, for `value`, or "/" when it could leave this origin.
 * `origin` is the console's own (e.g. NEXTAUTH_URL's); an absolute URL on it becomes its path.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  if (CONTROL.test(value) || value.includes("\\")) return "/";
  let path = value;
  if (!value.startsWith("/")) {
    // Only an absolute URL on our own origin is accepted, and reduced to its path.
    if (!origin) return "/";
    let url: URL;
    let own: URL;
    try {
      url = new URL(value);
      own = new URL(origin);
    } catch {
      return "/";
    }
    if (url.origin !== own.origin || url.username || url.password) return "/";
    path = `${url.pathname}${url.search}${url.hash}`;
  }
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  // Last word: resolved against a placeholder origin, the path must stay on it, and what is returned
  // is the resolved URL's own (encoded, dot segments applied) form, which must not start with "//" either.
  const probe = "http://callback.invalid";
  let resolved: URL;
  try {
    resolved = new URL(path, probe);
  } catch {
    return "/";
  }
  const safe = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (resolved.origin !== probe || !safe.startsWith("/") || safe.startsWith("//")) return "/";
  return safe;
}
