import { createPublicKey, generateKeyPairSync, verify as verifySignature, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { listenOnLoopback } from "./loopback-server";

/** An RSA key pair for a test GitHub App: the private key goes in the App's config, the public one to the server. */
export function makeAppKey(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
}

type Schema = {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  format?: string;
};

// GitHub's published OpenAPI description (the @octokit/openapi package), read once per test file.
let openapi: { paths: Record<string, Record<string, { requestBody: { content: { "application/json": { schema: Schema } } } }>> } | null = null;
function requestSchema(pathKey: string, method: "post" | "patch"): Schema {
  openapi ??= JSON.parse(readFileSync(path.resolve("node_modules/@octokit/openapi/generated/api.github.com.json"), "utf8"));
  return openapi!.paths[pathKey][method].requestBody.content["application/json"].schema;
}

/** A small JSON Schema check (the keywords GitHub's check-run bodies use); returns the problems found. */
export function validateAgainst(schema: Schema, value: unknown, at = "body"): string[] {
  const errors: string[] = [];
  if (schema.type) {
    const t = Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) && schema.type === "integer" ? "integer" : typeof value;
    if (t !== schema.type && !(schema.type === "number" && t === "number")) return [`${at}: expected ${schema.type}, got ${t}`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
  if (typeof value === "string") {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${at}: ${value.length} characters, more than ${schema.maxLength}`);
    if (schema.format === "date-time" && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${at}: ${value.length} items, more than ${schema.maxItems}`);
    if (schema.items) value.forEach((v, i) => errors.push(...validateAgainst(schema.items!, v, `${at}[${i}]`)));
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      if (sub) errors.push(...validateAgainst(sub, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}.${k}: not allowed`);
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s) => validateAgainst(s, value, at).length === 0)) errors.push(`${at}: matches none of anyOf (${schema.anyOf.map((s) => validateAgainst(s, value, at).join("; ")).join(" | ")})`);
  return errors;
}

export type GithubCall = { method: string; path: string; auth: string | null; body: Record<string, unknown> | null; status: number };
export type CheckRunRecord = { id: number; owner: string; repo: string; name: string; head_sha: string; status: string; conclusion: string | null; output: Record<string, unknown>; details_url?: string; external_id?: string; bodies: Array<Record<string, unknown>> };

/** Verifies an RS256 JWT signed by the App's key; returns its claims or why not. */
function verifyAppJwt(token: string, publicKey: KeyObject, appId: number): { ok: true } | { ok: false; why: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, why: "not a JWT" };
  const [h, p, sig] = parts;
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg?: string };
  if (header.alg !== "RS256") return { ok: false, why: `alg ${header.alg}` };
  if (!verifySignature("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, "base64url"))) return { ok: false, why: "bad signature" };
  const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as { iss?: unknown; exp?: number; iat?: number };
  if (String(claims.iss) !== String(appId)) return { ok: false, why: `iss ${String(claims.iss)}` };
  const now = Math.floor(Date.now() / 1000);
  if (!claims.exp || claims.exp < now || (claims.exp - (claims.iat ?? now)) > 660) return { ok: false, why: "expired or too long" };
  return { ok: true };
}

const DOCS = "https://docs.github.com/rest";

/**
 * A local server speaking GitHub's REST wire format for a GitHub App: installation lookup and
 * installation tokens (JWT checked: RS256, signed by the App's key, iss = app id), and check runs
 * (create and update, bodies validated against GitHub's OpenAPI description; 422 as GitHub answers
 * an invalid one). `failNext(n, 500)` answers the next n check-run calls with GitHub's 500 body;
 * `hang(true)` holds check-run calls open without answering (GitHub timing out).
 */
export async function startGithubServer(opts: { appId: number; publicKey: KeyObject | string; installations: Record<string, number> }) {
  const publicKey = typeof opts.publicKey === "string" ? createPublicKey(opts.publicKey) : opts.publicKey;
  const calls: GithubCall[] = [];
  const checkRuns = new Map<number, CheckRunRecord>();
  const tokens = new Map<string, number>();
  const hanging: ServerResponse[] = [];
  let failures: Array<number> = [];
  let hang = false;
  let nextId = 4_000_000_001;
  let nextToken = 1;
  const createSchema = requestSchema("/repos/{owner}/{repo}/check-runs", "post");
  const updateSchema = requestSchema("/repos/{owner}/{repo}/check-runs/{check_run_id}", "patch");

  const send = (res: ServerResponse, call: GithubCall, status: number, body: unknown) => {
    call.status = status;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-github-request-id": `F00D:${calls.length}`, "x-ratelimit-remaining": "4999" });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization ?? null;
    let body: Record<string, unknown> | null = null;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        const call: GithubCall = { method: req.method ?? "", path: url.pathname, auth, body: null, status: 0 };
        calls.push(call);
        return send(res, call, 400, { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" });
      }
    }
    const call: GithubCall = { method: req.method ?? "", path: url.pathname, auth, body, status: 0 };
    calls.push(call);
    const jwt = auth?.startsWith("bearer ") || auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    const requireJwt = () => {
      if (!jwt) return send(res, call, 401, { message: "A JSON web token could not be decoded", documentation_url: DOCS, status: "401" }), false;
      const v = verifyAppJwt(jwt, publicKey, opts.appId);
      if (!v.ok) return send(res, call, 401, { message: `'Expiration time' claim ('exp') is too far in the future or the JWT is invalid (${v.why})`, documentation_url: DOCS, status: "401" }), false;
      return true;
    };
    let m = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(url.pathname);
    if (m && req.method === "GET") {
      if (!requireJwt()) return;
      const id = opts.installations[`${m[1]}/${m[2]}`];
      if (!id) return send(res, call, 404, { message: "Not Found", documentation_url: `${DOCS}/apps/apps#get-a-repository-installation-for-the-authenticated-app`, status: "404" });
      return send(res, call, 200, { id, account: { login: m[1], id: 1, type: "Organization" }, app_id: opts.appId, target_type: "Organization", permissions: { checks: "write", metadata: "read", pull_requests: "read" }, events: ["pull_request"], repository_selection: "selected" });
    }
    m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url.pathname);
    if (m && req.method === "POST") {
      if (!requireJwt()) return;
      if (!Object.values(opts.installations).includes(Number(m[1]))) return send(res, call, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
      const token = `ghs_test${String(nextToken++).padStart(32, "0")}`;
      tokens.set(token, Number(m[1]));
      return send(res, call, 201, { token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { checks: "write", metadata: "read", pull_requests: "read" }, repository_selection: "selected" });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?$/.exec(url.pathname);
    if (m && (req.method === "POST" || req.method === "PATCH")) {
      const token = auth?.replace(/^(token|bearer) /i, "") ?? "";
      if (!tokens.has(token)) return send(res, call, 401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
      if (hang) return void hanging.push(res);
      if (failures.length) return send(res, call, failures.shift()!, { message: "Server Error", status: "500" });
      const [, owner, repo, idText] = m;
      const errors = validateAgainst(req.method === "POST" ? createSchema : updateSchema, body ?? {});
      // GitHub's rule written in prose: a completed run needs a conclusion.
      if (body?.status === "completed" && !body.conclusion) errors.push("body.conclusion: required when status is completed");
      if (errors.length) return send(res, call, 422, { message: "Invalid request.\n\n" + errors.join("\n"), documentation_url: DOCS, status: "422" });
      const b = body as Record<string, unknown>;
      if (req.method === "POST" && !idText) {
        const id = nextId++;
        const run: CheckRunRecord = { id, owner, repo, name: String(b.name), head_sha: String(b.head_sha), status: String(b.conclusion ? "completed" : (b.status ?? "queued")), conclusion: (b.conclusion as string) ?? null, output: (b.output as Record<string, unknown>) ?? {}, details_url: b.details_url as string, external_id: b.external_id as string, bodies: [b] };
        checkRuns.set(id, run);
        return send(res, call, 201, { id, head_sha: run.head_sha, node_id: `CR_${id}`, external_id: run.external_id ?? "", url: `http://api/repos/${owner}/${repo}/check-runs/${id}`, html_url: `https://github.com/${owner}/${repo}/runs/${id}`, details_url: run.details_url ?? null, status: run.status, conclusion: run.conclusion, started_at: new Date().toISOString(), completed_at: null, output: { title: run.output.title ?? null, summary: run.output.summary ?? null, text: null, annotations_count: 0, annotations_url: "" }, name: run.name, check_suite: { id: 1 }, app: { id: opts.appId, slug: "meridian" }, pull_requests: [] });
      }
      if (req.method === "PATCH" && idText) {
        const run = checkRuns.get(Number(idText));
        if (!run || run.owner !== owner || run.repo !== repo) return send(res, call, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        if (b.name) run.name = String(b.name);
        if (b.conclusion) {
          run.status = "completed";
          run.conclusion = String(b.conclusion);
        } else if (b.status) {
          run.status = String(b.status);
          run.conclusion = null;
        }
        if (b.output) run.output = b.output as Record<string, unknown>;
        run.bodies.push(b);
        return send(res, call, 200, { id: run.id, head_sha: run.head_sha, name: run.name, status: run.status, conclusion: run.conclusion, output: run.output, html_url: `https://github.com/${owner}/${repo}/runs/${run.id}` });
      }
    }
    send(res, call, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
  };

  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => handle(req, res, raw));
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    calls,
    checkRuns,
    /** Check runs by name on a commit. */
    runsOn: (headSha: string) => [...checkRuns.values()].filter((r) => r.head_sha === headSha),
    failNext(n: number, status = 500) {
      failures = Array.from({ length: n }, () => status);
    },
    hang(on: boolean) {
      hang = on;
      if (!on) for (const res of hanging.splice(0)) res.destroy();
    },
    close: async () => {
      for (const res of hanging.splice(0)) res.destroy();
      await close();
    },
  };
}
