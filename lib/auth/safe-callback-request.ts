import "server-only";
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";
import { safeCallbackPath } from "./safe-callback";

// next-auth checks a request's callbackUrl (query) and its callback-url cookie before anything else,
// and answers one that is not an http(s) URL with a 500 error page and a stack trace in the log
// (next-auth/core/lib/assert.js). Its redirect callback (lib/auth/options.ts) only sees values that
// pass. So the route hands next-auth the safe path of the query's callbackUrl, and clears a cookie
// next-auth would choke on.

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

function ownOrigin(req: NextRequest): string {
  return getEnv().NEXTAUTH_URL ?? req.nextUrl.origin;
}

/** next-auth's own test of a callback URL (assert.js isValidHttpUrl). */
function nextAuthAccepts(value: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** The request with its callbackUrl replaced by the safe, percent-encoded path; the same request when it has none. */
export async function safeCallbackRequest(req: NextRequest): Promise<NextRequest> {
  const given = req.nextUrl.searchParams.get("callbackUrl");
  if (given === null) return req;
  const safe = safeCallbackPath(given, ownOrigin(req));
  if (safe === given) return req;
  const url = req.nextUrl.clone();
  url.searchParams.set("callbackUrl", safe);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.text();
  return new NextRequest(url, { method: req.method, headers: req.headers, body });
}

/** A 400 that clears a callback-url cookie next-auth would refuse with a 500; null when there is none. */
export function callbackCookieProblem(req: NextRequest): Response | null {
  const base = ownOrigin(req);
  const bad = CALLBACK_COOKIES.filter((name) => {
    const value = req.cookies.get(name)?.value;
    return value !== undefined && !nextAuthAccepts(value, base);
  });
  if (bad.length === 0) return null;
  const res = problemResponse(new ValidationError("The sign-in callback cookie does not hold an address on this console; it was cleared. Sign in again."), randomUUID());
  for (const name of bad) res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  return res;
}
