import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { renderMetrics } from "@/lib/observability/metrics";

// The wrapper's own decisions, without a database: who is calling is set per test, audit rows are
// captured, and NEXTAUTH_URL names the console's public origin.
const state = vi.hoisted(() => ({ actor: null as Actor | null, audits: [] as Array<Record<string, unknown>> }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));
vi.mock("@/lib/audit/append-event", () => ({
  recordAuditEvent: async (input: Record<string, unknown>) => void state.audits.push(input),
  appendAuditEvent: async (_tx: unknown, input: Record<string, unknown>) => void state.audits.push(input),
}));
vi.mock("@/lib/env", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/env")>()),
  getEnv: () => ({ NEXTAUTH_URL: "https://console.example", MERIDIAN_CONFIG: "config/demo.yaml", OIDC_ROLE_MAP: "", OIDC_GROUPS_CLAIM: "groups" }),
}));

const { route, accessRefusal } = await import("./route");
const { otherMethods } = await import("./methods");

const session = (role: Actor["role"] = "admin"): Actor => ({ id: "u1", username: "ada", displayName: "Ada", role, via: "session" });
const token = (workspace: string | null = null, role: Actor["role"] = "admin"): Actor => ({ id: "u1", username: "ada", displayName: "Ada", role, via: "token", tokenId: "t1", tokenWorkspace: workspace });

type Init = { method?: string; headers?: Record<string, string>; body?: string };
const req = (url: string, init: Init = {}) => new Request(new URL(url, "http://127.0.0.1:3000"), { method: init.method ?? "GET", headers: init.headers, body: init.body });
const sameOriginJson = { "content-type": "application/json", origin: "http://127.0.0.1:3000" };

beforeEach(() => {
  state.actor = null;
  state.audits = [];
});

describe("cross-site protection (cookie sessions)", () => {
  const handler = vi.fn(async () => ({ ok: true }));
  const post = route({ summary: "test", response: null, permission: "dashboard.read", handler });
  const upload = route({ summary: "test", response: null, permission: "dashboard.read", bodyType: "multipart/form-data", handler });

  it("refuses what an HTML form can send: text/plain, urlencoded, multipart, no content type — 403 problem+json, audited", async () => {
    state.actor = session();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const res = await post(req("/api/v1/changes/x/approve", { method: "POST", headers: { origin: "http://127.0.0.1:3000", ...(type ? { "content-type": type } : {}) }, body: "{}" }));
      expect(res.status, String(type)).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(handler).not.toHaveBeenCalled();
    expect(state.audits).toHaveLength(4);
    expect(state.audits[0]).toMatchObject({ action: "access.denied", outcome: "denied", details: { refusal: "cross-site" } });
  });

  it("refuses JSON from another origin, from an opaque origin, or with no origin at all", async () => {
    state.actor = session();
    const cases: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { origin: "null" }, { origin: "http://127.0.0.1:3001" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, {}];
    for (const headers of cases) {
      const res = await post(req("/api/v1/tokens", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" }));
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets the console's own pages through: same Origin (request host or NEXTAUTH_URL), or Sec-Fetch-Site same-origin", async () => {
    state.actor = session();
    const cases: Array<Record<string, string>> = [{ origin: "http://127.0.0.1:3000" }, { origin: "https://console.example" }, { "sec-fetch-site": "same-origin" }];
    for (const headers of cases) {
      const res = await post(req("/api/v1/x", { method: "POST", headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: "{}" }));
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    expect(handler).toHaveBeenCalledTimes(3);
  });

  it("exempts bearer tokens, and reads", async () => {
    state.actor = token();
    expect((await post(req("/api/v1/x", { method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example" }, body: "x" }))).status).toBe(200);
    state.actor = session();
    expect((await post(req("/api/v1/x", { headers: { origin: "https://evil.example" } }))).status).toBe(200);
  });

  it("takes multipart (and only multipart) on the upload route", async () => {
    state.actor = session();
    expect((await upload(req("/api/v1/changes", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=b", origin: "http://127.0.0.1:3000" }, body: "--b--" }))).status).toBe(200);
    expect((await upload(req("/api/v1/changes", { method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" }, body: "{}" }))).status).toBe(403);
    expect((await upload(req("/api/v1/changes", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=b", origin: "https://evil.example" }, body: "--b--" }))).status).toBe(403);
  });
});

describe("token rules before the role table", () => {
  const r = (url: string, method = "GET") => req(url, { method, headers: sameOriginJson });
  it("refuses every token on token management, scoped or not", () => {
    for (const actor of [token(), token("blockchain-eu-west-1")]) {
      expect(accessRefusal(actor, r("/api/v1/tokens", "POST"), { tokens: false })?.reason).toBe("token-refused");
    }
    expect(accessRefusal(session(), r("/api/v1/tokens", "POST"), { tokens: false })).toBeNull();
  });

  it("lets a scoped token reach only routes marked workspace-changes; unscoped tokens are not affected", () => {
    const scoped = token("blockchain-eu-west-1");
    expect(accessRefusal(scoped, r("/api/v1/audit"), {})?.reason).toBe("token-scope");
    expect(accessRefusal(scoped, r("/api/v1/failovers", "POST"), {})?.reason).toBe("token-scope");
    expect(accessRefusal(scoped, r("/api/v1/changes/plan", "POST"), { tokenScope: "workspace-changes" })).toBeNull();
    expect(accessRefusal(token(), r("/api/v1/audit"), {})).toBeNull();
  });
});

describe("NUL and lone surrogates are refused centrally with 400", () => {
  const handler = vi.fn(async () => ({ ok: true }));
  const r = route({
    summary: "test",
    response: null,
    permission: "dashboard.read",
    params: z.object({ id: z.string() }),
    query: z.object({ q: z.string().optional() }),
    body: z.object({ comment: z.string() }).passthrough(),
    handler,
  });
  const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
  const call = (id: string, query: string, body: string) => r(req(`/api/v1/things/x${query}`, { method: "POST", headers: sameOriginJson, body }), ctx(id));

  it("in path params, query values and body strings (and keys)", async () => {
    state.actor = session();
    const cases: Array<[string, string, string]> = [
      ["a\u0000", "", '{"comment":"ok"}'],
      ["a", "?q=%00", '{"comment":"ok"}'],
      ["a", "", '{"comment":"a\\u0000b"}'],
      ["a", "", '{"comment":"\\ud800"}'],
      ["a", "", '{"comment":"ok","nested":[{"x":"\\udc00"}]}'],
      ["a", "", '{"comment":"ok","k\\u0000":1}'],
    ];
    for (const [id, query, body] of cases) {
      const res = await call(id, query, body);
      expect(res.status, body).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json();
      expect(problem.detail).toMatch(/NUL|surrogate/);
      expect(JSON.stringify(problem)).not.toContain("\u0000");
    }
    expect(handler).not.toHaveBeenCalled();
    expect((await call("a", "?q=%F0%9F%98%80", '{"comment":"\\ud83d\\ude00"}')).status).toBe(200);
  });
});

describe("metric labels", () => {
  it("use the route template, whoever calls with whatever id", async () => {
    const r = route({ summary: "test", response: null, permission: "dashboard.read", params: z.object({ id: z.string() }), handler: async () => ({}) });
    const unique = `zz-${Math.random().toString(36).slice(2)}`;
    state.actor = null; // anonymous: 401, still labelled by template
    expect((await r(req(`/api/v1/regions/${unique}`), { params: Promise.resolve({ id: unique }) })).status).toBe(401);
    state.actor = session();
    await r(req(`/api/v1/regions/${unique}2`), { params: Promise.resolve({ id: `${unique}2` }) });
    const { text } = await renderMetrics();
    expect(text).not.toContain(unique);
    expect(text).toContain('path="/api/v1/regions/[id]"');
  });

  it("ignore a hostile x-request-id rather than storing it", async () => {
    state.actor = session();
    const res = await route({ summary: "test", response: null, permission: "dashboard.read", handler: async () => ({}) })(req("/api/v1/me", { headers: { "x-request-id": "<script>" } }));
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("405 answers", () => {
  it("are problem+json with an Allow header; OPTIONS lists the real methods", async () => {
    const m = otherMethods("GET", "POST");
    const res = await m.DELETE(req("/api/v1/changes", { method: "DELETE" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect((await res.json()).detail).toContain("DELETE");
    const options = await m.OPTIONS(req("/api/v1/changes", { method: "OPTIONS" }));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });
});
