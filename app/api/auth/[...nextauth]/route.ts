import { randomUUID } from "node:crypto";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { callbackCookieProblem, safeCallbackRequest } from "@/lib/auth/safe-callback-request";
import { ValidationError } from "@/lib/http/errors";
import { findHostileText } from "@/lib/http/hostile-input";
import { otherMethods } from "@/lib/http/methods";
import { problemResponse } from "@/lib/http/problem";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * The sign-in form's fields reach the audit log (a failed sign-in records the typed user name), and
 * next-auth puts an exception's message into its error redirect: a NUL would become a database
 * error and its text would reach the browser. Refused here, before next-auth reads the form.
 */
async function hostileFormProblem(req: Request): Promise<string | null> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  const fields = Object.fromEntries(new URLSearchParams(await req.clone().text()));
  const found = findHostileText(fields);
  return found ? `The form field ${found.path} ${found.message}.` : null;
}

// Options are built per request so configuration reloads (demo on/off) take effect.
async function handler(req: NextRequest, ctx: Ctx) {
  if (req.method === "POST") {
    const problem = await hostileFormProblem(req);
    if (problem) return problemResponse(new ValidationError(problem), randomUUID());
  }
  // next-auth answers a callbackUrl it cannot parse (javascript:…) with a 500 before our redirect callback runs.
  const cookie = callbackCookieProblem(req);
  if (cookie) return cookie;
  return NextAuth((await safeCallbackRequest(req)) as never, { params: await ctx.params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
