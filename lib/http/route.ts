import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getRequestActor } from "@/lib/auth/current-actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { assertConsoleDecides } from "@/lib/console/guard";
import { getEnv } from "@/lib/env";
import { log, type Log } from "@/lib/observability/log";
import { observeHttpRequest } from "@/lib/observability/metrics";
import { crossSiteRefusal, type BodyType } from "./cross-site";
import { ForbiddenError, UnauthorizedError, ValidationError, PayloadTooLargeError } from "./errors";
import { findHostileText } from "./hostile-input";
import { conditionalJson } from "./etag";
import { problemResponse, zodIssues } from "./problem";
import { routeTemplate } from "./route-template";
import { notifyDataChanged } from "@/lib/events/data-changed";

/** What a handler gets; `log` stamps every line with the request id, method and route template. */
type Ctx<P, Q, B> = { actor: Actor; params: P; query: Q; body: B; req: Request; requestId: string; log: Log; rawBody: string };

/**
 * What a workspace-scoped token may reach. Absent means such a token is refused (fail closed);
 * "workspace-changes" marks the few routes CI needs — upload, plan and read changes — whose
 * handlers then hold the token to its workspace.
 */
export type TokenScope = "workspace-changes";

export type RouteSpec<P, Q, B> = {
  /** One line for the OpenAPI document (lib/http/openapi.ts reads the spec off the exported handler). */
  summary: string;
  /**
   * The JSON answer's shape, for the OpenAPI document and the test that checks real answers against
   * it (lib/http/openapi.db.test.ts); not enforced at run time. A handler answering a Response of its
   * own (CSV, YAML) says so in `produces`; null when it never answers JSON.
   */
  response: z.ZodType | null;
  /** Content types besides JSON the handler may answer with (e.g. text/csv for ?format=csv). */
  produces?: string[];
  /** The permission the caller's role must have; checked before anything is parsed or loaded. */
  permission: Permission;
  /** Routes a workspace-scoped token may call (see TokenScope); every other route answers it 403. */
  tokenScope?: TokenScope;
  /** false: bearer tokens are refused outright (no token may mint or revoke tokens). */
  tokens?: false;
  /** What a cookie-authenticated mutation must send (default JSON); bearer calls are exempt. */
  bodyType?: BodyType;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * A multipart body's fields, for the document only: such a handler reads and checks its own body
   * (route() parses JSON only). File fields are named in `files`.
   */
  form?: { fields: z.ZodType; files: string[] };
  /** "allowed": the one mutation a standby console takes (the takeover itself); every other one is refused there. */
  onStandby?: "allowed";
  /** Largest accepted JSON body in bytes. */
  maxBodyBytes?: number;
  /**
   * true: the body is read as text before anything else and handed over as `ctx.rawBody` (a
   * signature over the exact bytes needs them; `body` is then not parsed).
   */
  rawBody?: true;
  /**
   * For callers that are outside systems signing their requests (a chat app's interactions): who
   * the caller is, from the request and its raw body, in place of the session or bearer token;
   * null is a 401. The role table still applies to the actor it returns.
   */
  authenticate?: (req: Request, rawBody: string, requestId: string) => Promise<Actor | null>;
  handler: (ctx: Ctx<P, Q, B>) => Promise<unknown>;
  status?: number;
};

/** What the OpenAPI document needs of a route, read off the handler route() or publicRoute() returns. */
export type DocumentedSpec = Pick<RouteSpec<unknown, unknown, unknown>, "summary" | "response" | "produces" | "params" | "query" | "body" | "form" | "bodyType" | "status" | "tokenScope" | "tokens"> & {
  permission: Permission | "public";
};
export type DocumentedHandler = ((req: Request, context?: NextCtx) => Promise<Response>) & { spec: DocumentedSpec };

type NextCtx = { params: Promise<Record<string, string | string[]>> };

// A caller's x-request-id is stored with audit rows; anything but a plain token gets a fresh id.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  // Before zod: a string PostgreSQL cannot store is refused whatever the schema would do with it.
  const hostile = findHostileText(value, where);
  if (hostile) throw new ValidationError(`Invalid ${where}: the text at ${hostile.path} ${hostile.message}.`, [hostile]);
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`Invalid ${where}: ${result.error.issues[0]?.message ?? "bad value"}`, zodIssues(result.error, where));
  return result.data;
}

async function readText(req: Request, maxBytes: number): Promise<string> {
  const text = await req.text();
  if (text.length > maxBytes) throw new PayloadTooLargeError(`Body larger than ${maxBytes} bytes.`);
  return text;
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (text.trim() === "") throw new ValidationError("The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}

function publicUrl(): string | undefined {
  return getEnv().NEXTAUTH_URL;
}

export type AccessRefusal = { reason: "token-refused" | "token-scope" | "cross-site"; message: string };

/**
 * The checks that come before the role table: which callers may use this route at all. Pure, so
 * the whole matrix is unit-tested (lib/http/route.test.ts).
 */
export function accessRefusal(actor: Actor, req: Request, spec: Pick<RouteSpec<unknown, unknown, unknown>, "tokens" | "tokenScope" | "bodyType">, ownUrl?: string): AccessRefusal | null {
  // A signed request carries no cookie to ride on: cross-site checks guard sessions only.
  if (actor.via === "signature") return null;
  if (actor.via === "token") {
    if (spec.tokens === false) return { reason: "token-refused", message: "API tokens may not list, create or revoke tokens, nor link chat accounts; sign in to the console to manage them." };
    if (actor.tokenWorkspace && spec.tokenScope !== "workspace-changes") {
      return { reason: "token-scope", message: `This token is scoped to workspace "${actor.tokenWorkspace}": it may only upload and plan that workspace's changes and read them.` };
    }
    return null;
  }
  const crossSite = crossSiteRefusal(req, spec.bodyType ?? "application/json", ownUrl);
  return crossSite ? { reason: "cross-site", message: crossSite } : null;
}

/**
 * The one wrapper for /api route handlers: authenticate → authorize → parse (zod) → handle →
 * respond. Every error becomes problem+json with a request id; never a stack trace.
 */
export function route<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): DocumentedHandler {
  const handler = async (req: Request, context?: NextCtx): Promise<Response> => {
    const requestId = requestIdOf(req);
    const started = performance.now();
    const rawParams = context ? await context.params : {};
    const path = routeTemplate(new URL(req.url).pathname, rawParams);
    let status = 500;
    try {
      const rawBody = spec.rawBody || spec.authenticate ? await readText(req, spec.maxBodyBytes ?? 1_000_000) : "";
      const actor = spec.authenticate ? await spec.authenticate(req, rawBody, requestId) : await getRequestActor(req);
      if (!actor) throw new UnauthorizedError(spec.authenticate ? "The request's signature could not be verified." : undefined);
      const refusal = accessRefusal(actor, req, spec, publicUrl());
      if (refusal) {
        // Audited for reads too: a scoped token reaching past its scope is worth seeing.
        await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "access.denied", target: { type: "route", id: `${req.method} ${path}` }, outcome: "denied", reason: refusal.message, details: { refusal: refusal.reason, via: actor.via, tokenId: actor.tokenId ?? null, tokenWorkspace: actor.tokenWorkspace ?? null }, requestId });
        throw new ForbiddenError(refusal.message);
      }
      if (!can(actor.role, spec.permission)) {
        if (req.method !== "GET") {
          await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "access.denied", target: { type: "route", id: `${req.method} ${path}` }, outcome: "denied", details: { permission: spec.permission, role: actor.role }, requestId });
        }
        throw new ForbiddenError(`The ${actor.role} role may not do this (needs ${spec.permission}).`);
      }
      // A standby (read-only) or superseded console changes nothing: 503 naming the primary, or 409.
      if (req.method !== "GET" && req.method !== "HEAD" && spec.onStandby !== "allowed") await assertConsoleDecides();
      const params = parse(spec.params, rawParams, "path");
      const query = parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const body = spec.body && !spec.rawBody ? parse(spec.body, await readJson(req, spec.maxBodyBytes ?? 1_000_000), "body") : (undefined as B);
      const result = await spec.handler({ actor, params, query, body, req, requestId, log: log.child({ requestId, method: req.method, path }), rawBody });
      if (result instanceof Response) {
        status = result.status;
        result.headers.set("x-request-id", requestId);
        return result;
      }
      status = spec.status ?? 200;
      // A change made through the API is committed by now: what pages show may have moved.
      if (req.method !== "GET" && req.method !== "HEAD") notifyDataChanged(`${req.method} ${path}`);
      if (req.method === "GET" || req.method === "HEAD") {
        const res = conditionalJson(req, result, status, { "x-request-id": requestId });
        status = res.status;
        return res;
      }
      return Response.json(result, { status, headers: { "x-request-id": requestId, "cache-control": "no-store" } });
    } catch (error) {
      const res = problemResponse(error, requestId);
      status = res.status;
      return res;
    } finally {
      observeHttpRequest({ method: req.method, path, status }, (performance.now() - started) / 1000);
    }
  };
  return Object.assign(handler, { spec: spec as unknown as DocumentedSpec });
}

/** Unauthenticated endpoints (health, metrics, OpenAPI) still answer errors as problem+json. */
export function publicRoute(spec: Pick<DocumentedSpec, "summary" | "response" | "produces">, handler: (req: Request) => Promise<Response>): DocumentedHandler {
  const wrapped = async (req: Request): Promise<Response> => {
    const requestId = randomUUID();
    try {
      return await handler(req);
    } catch (error) {
      return problemResponse(error, requestId);
    }
  };
  return Object.assign(wrapped, { spec: { ...spec, permission: "public" as const } });
}
