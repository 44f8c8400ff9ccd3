// Metrics are labelled with the route's template ("/api/v1/regions/[id]"), never with the path a
// caller typed: /api/metrics is public, and every distinct label value is a new series kept for the
// life of the process. Next does not hand a handler its template, so it is rebuilt from the params.

/** The label for anything that cannot be traced back to a route file. */
export const UNMATCHED_ROUTE = "(unmatched)";

// A route file's path: static names from app/api plus [param] placeholders.
const TEMPLATE = /^[A-Za-z0-9._~\-/[\]]{1,200}$/;

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Replaces each dynamic segment of `pathname` with `[name]`, matching the params from the right (a
 * value that equals a static name further left stays static). Anything that does not come out as
 * a plausible template is UNMATCHED_ROUTE, so the set of labels stays the set of route files.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined> = {}): string {
  const segments = pathname.split("/").map(decode);
  const entries = Object.entries(params).reverse();
  let matched = 0;
  for (let s = segments.length - 1; s >= 0 && matched < entries.length; s--) {
    const [name, value] = entries[matched];
    if (typeof value !== "string") return UNMATCHED_ROUTE; // catch-all params are not used with route()
    if (segments[s] === value) {
      segments[s] = `[${name}]`;
      matched += 1;
    }
  }
  if (matched < entries.length || segments.some((s) => s === null)) return UNMATCHED_ROUTE;
  const template = segments.join("/");
  return TEMPLATE.test(template) ? template : UNMATCHED_ROUTE;
}
