import type { ZodError } from "zod";
import { classifyDbError } from "@/lib/db/errors";
import { AppError } from "./errors";
import { log } from "@/lib/observability/log";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  [key: string]: unknown;
};

export function zodIssues(error: ZodError, prefix = ""): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

const DB_PROBLEMS: Record<NonNullable<ReturnType<typeof classifyDbError>>, (error: unknown) => string> = {
  unreachable: (error) => (error instanceof Error && error.name === "DatabaseUnreachableError" ? error.message : "The console's database is not answering.") + " Nothing was changed; try again once it answers.",
  "read-only": () => "This console's database is read-only (a standby): nothing was changed. Decide on the primary console.",
  busy: () => "The console's database did not answer in time; nothing was changed. Try again in a few seconds.",
  "lock-timeout": () => "Another request is deciding this right now; nothing was changed. Try again.",
};

/** Every error becomes problem+json; unknown errors are logged and answered without internals. */
export function problemResponse(error: unknown, requestId: string): Response {
  let body: Problem;
  if (error instanceof AppError) {
    body = { type: "about:blank", title: error.title, status: error.status, detail: error.message, requestId, ...error.extra };
  } else if (classifyDbError(error)) {
    // The database is busy, read-only or out of reach: a bounded wait ran out. Say so; it is no internal error.
    log.child({ requestId }).warn("database unavailable", { error: error instanceof Error ? error.message : String(error) });
    body = { type: "about:blank", title: "Service unavailable", status: 503, detail: DB_PROBLEMS[classifyDbError(error)!](error), requestId, retryable: true };
  } else {
    log.child({ requestId }).error("unhandled error", { error: error instanceof Error ? error.stack ?? error.message : String(error) });
    // Unexpected failures are still answered as problem+json, with no stack trace.
    body = { type: "about:blank", title: "Internal error", status: 500, detail: "Something went wrong; the request id is in the logs.", requestId };
  }
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId, ...(body.status === 503 ? { "retry-after": "5" } : {}) },
  });
}
