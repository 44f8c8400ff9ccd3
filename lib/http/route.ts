import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getRequestActor } from "@/lib/auth/current-actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { observe } from "@/lib/observability/metrics";
import { ForbiddenError, UnauthorizedError, ValidationError, PayloadTooLargeError } from "./errors";
import { problemResponse, zodIssues } from "./problem";

type Ctx<P, Q, B> = { actor: Actor; params: P; query: Q; body: B; req: Request; requestId: string };

type RouteSpec<P, Q, B> = {
  /** The permission the caller's role must have; checked before anything is parsed or loaded. */
  permission: Permission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Largest accepted JSON body in bytes. */
  maxBodyBytes?: number;
  handler: (ctx: Ctx<P, Q, B>) => Promise<unknown>;
  status?: number;
};

type NextCtx = { params: Promise<Record<string, string | string[]>> };

function metricPath(pathname: string): string {
  return pathname
    .split("/")
    .map((seg) => (/\d/.test(seg) || seg.length > 24 ? ":id" : seg))
    .join("/");
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`Invalid ${where}: ${result.error.issues[0]?.message ?? "bad value"}`, zodIssues(result.error, where));
  return result.data;
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new PayloadTooLargeError(`Body larger than ${maxBytes} bytes.`);
  if (text.trim() === "") throw new ValidationError("The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}

/**
 * The one wrapper for /api route handlers: authenticate → authorize → parse (zod) → handle →
 * respond. Every error becomes problem+json with a request id; never a stack trace.
 */
export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>) {
  return async (req: Request, context?: NextCtx): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    const started = performance.now();
    const path = metricPath(new URL(req.url).pathname);
    let status = 500;
    try {
      const actor = await getRequestActor(req);
      if (!actor) throw new UnauthorizedError();
      if (!can(actor.role, spec.permission)) {
        if (req.method !== "GET") {
          await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "access.denied", target: { type: "route", id: `${req.method} ${path}` }, outcome: "denied", details: { permission: spec.permission, role: actor.role }, requestId });
        }
        throw new ForbiddenError(`The ${actor.role} role may not do this (needs ${spec.permission}).`);
      }
      const params = parse(spec.params, context ? await context.params : {}, "path");
      const query = parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const body = spec.body ? parse(spec.body, await readJson(req, spec.maxBodyBytes ?? 1_000_000), "body") : (undefined as B);
      const result = await spec.handler({ actor, params, query, body, req, requestId });
      if (result instanceof Response) {
        status = result.status;
        result.headers.set("x-request-id", requestId);
        return result;
      }
      status = spec.status ?? 200;
      return Response.json(result, { status, headers: { "x-request-id": requestId, "cache-control": "no-store" } });
    } catch (error) {
      const res = problemResponse(error, requestId);
      status = res.status;
      return res;
    } finally {
      observe("meridian_http_request_duration_seconds", "API request durations", { method: req.method, path, status: String(status) }, (performance.now() - started) / 1000);
    }
  };
}

/** Unauthenticated endpoints (health, metrics, OpenAPI) still answer errors as problem+json. */
export function publicRoute(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const requestId = randomUUID();
    try {
      return await handler(req);
    } catch (error) {
      return problemResponse(error, requestId);
    }
  };
}
