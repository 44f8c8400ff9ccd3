import { randomUUID } from "node:crypto";
import { AppError, NotFoundError } from "./errors";
import { problemResponse } from "./problem";

// Next answers a method that a route file does not export with an empty 405 and no Allow header
// (next/dist/server/route-modules/app-route/helpers/auto-implement-methods.js). Route files
// export these handlers for the methods they lack, so a 405 is problem+json like every other error.

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type Handler = (req: Request) => Promise<Response>;

// The 405 and 404 stubs below, so the OpenAPI test can tell "not implemented here" from a route
// handler that lacks its spec.
const stubs = new WeakSet<object>();
export function isMethodStub(handler: unknown): boolean {
  return typeof handler === "function" && stubs.has(handler);
}

class MethodNotAllowedError extends AppError {
  constructor(method: string, allow: string) {
    super(405, "Method not allowed", `${method} is not allowed here; allowed: ${allow}.`);
  }
}

/** The Allow header of a route that implements `implemented` (HEAD follows GET; OPTIONS is always answered). */
export function allowHeader(implemented: readonly HttpMethod[]): string {
  const set = new Set<HttpMethod>([...implemented, "OPTIONS"]);
  if (set.has("GET")) set.add("HEAD");
  return HTTP_METHODS.filter((m) => set.has(m)).join(", ");
}

/**
 * Handlers for every method; a route file destructures the ones it does not implement:
 * `export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");`
 * OPTIONS answers 204 with the real Allow list (Next's own would count these stubs as implemented).
 */
export function otherMethods(...implemented: HttpMethod[]): Record<HttpMethod, Handler> {
  const allow = allowHeader(implemented);
  const notAllowed: Handler = async (req) => {
    const res = problemResponse(new MethodNotAllowedError(req.method, allow), randomUUID());
    res.headers.set("allow", allow);
    return res;
  };
  const handlers = Object.fromEntries(HTTP_METHODS.map((m) => [m, notAllowed])) as Record<HttpMethod, Handler>;
  handlers.OPTIONS = async () => new Response(null, { status: 204, headers: { allow } });
  stubs.add(notAllowed).add(handlers.OPTIONS);
  return handlers;
}

/** Every method of a path no route file serves: 404 problem+json rather than Next's HTML page. */
export function notFoundMethods(): Record<HttpMethod, Handler> {
  const notFound: Handler = async () => problemResponse(new NotFoundError("No API route at this path; the OpenAPI document is at /api/v1/openapi.json."), randomUUID());
  stubs.add(notFound);
  return Object.fromEntries(HTTP_METHODS.map((m) => [m, notFound])) as Record<HttpMethod, Handler>;
}
