import type { z } from "zod";

// PostgreSQL refuses NUL in text and jsonb ("invalid byte sequence", "unsupported Unicode escape
// sequence"), and a lone UTF-16 surrogate cannot be encoded as UTF-8 at all. Both would surface as
// a 500 deep inside a query, so every string of a request is checked once, before anything runs.

// eslint-disable-next-line no-control-regex -- finding NUL is this pattern's job
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type HostileText = { path: string; message: string };

function problemOf(text: string): string | null {
  if (NUL.test(text)) return "contains a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate (not valid Unicode)";
  return null;
}

/**
 * The first string (object keys included) that cannot be stored, with where it is, or null.
 * Iterative, so a deeply nested JSON body cannot overflow the stack.
 */
export function findHostileText(value: unknown, prefix = ""): HostileText | null {
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      const message = problemOf(v);
      if (message) return { path, message };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        // The key is reported by position, not echoed: it is the hostile part.
        const keyProblem = problemOf(key);
        if (keyProblem) return { path: path || "(root)", message: `a field name ${keyProblem}` };
        stack.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/** The same check as a zod refinement, for input that does not pass through the route wrapper (multipart fields). */
export function refuseHostileText(value: unknown, ctx: z.RefinementCtx): void {
  const found = findHostileText(value);
  if (found) ctx.addIssue({ code: "custom", path: found.path ? found.path.split(".") : [], message: `text ${found.message}` });
}
