// Next decodes path segments into params itself and answers a malformed escape (/api/v1/regions/%E0%A4)
// with a 500 in text/plain before any handler runs; a decoded NUL reaches a query and fails in
// PostgreSQL. The proxy checks the raw request target first, for pages and API alike.

/** Why this raw path and query cannot be served, or null when they are fine. */
export function requestTargetProblem(rawPath: string, rawSearch = ""): string | null {
  for (const segment of rawPath.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "The path holds a percent-escape that is not valid UTF-8.";
    }
    if (decoded.includes("\u0000")) return "The path holds a NUL character (%00).";
  }
  // URLSearchParams decodes leniently (a bad escape stays literal), so only NUL is left to refuse.
  for (const [key, value] of new URLSearchParams(rawSearch)) {
    if (key.includes("\u0000") || value.includes("\u0000")) return "The query string holds a NUL character (%00).";
  }
  return null;
}
