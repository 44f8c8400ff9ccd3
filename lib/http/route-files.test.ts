import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { HTTP_METHODS } from "./methods";

// Every route file under app/api, called the way Next calls it. No database: the wrapper answers
// before any handler touches one (403 for a refused caller, 400 for input refused by zod).
const state = vi.hoisted(() => ({ actor: null as Actor | null, audits: [] as Array<Record<string, unknown>> }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));
vi.mock("@/lib/audit/append-event", () => ({
  recordAuditEvent: async (input: Record<string, unknown>) => void state.audits.push(input),
  appendAuditEvent: async (_tx: unknown, input: Record<string, unknown>) => void state.audits.push(input),
}));
vi.mock("@/lib/env", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/env")>()),
  getEnv: () => ({ NEXTAUTH_URL: "http://127.0.0.1:3000", MERIDIAN_CONFIG: "config/demo.yaml", OIDC_ROLE_MAP: "", OIDC_GROUPS_CLAIM: "groups", MERIDIAN_DATA_DIR: ".data" }),
}));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const files = import.meta.glob<Record<string, Handler>>("/app/api/**/route.ts");

// Served without a caller (or by next-auth / the 404 catch-all): not part of the token sweep.
const NOT_WRAPPED = ["/app/api/health/", "/app/api/v1/console/route.ts", "/app/api/metrics/", "/app/api/v1/openapi.json/", "/app/api/auth/", "/app/api/[[...notFound]]/"];
// What a workspace-scoped token may reach; everything else must refuse it.
// Authenticated by the caller's signature over the body (a chat app), never by a session or token.
const SIGNED = ["/app/api/v1/integrations/slack/interactions/", "/app/api/v1/integrations/github/webhook/"];
const SCOPED_ALLOWED = ["GET /api/v1/changes", "POST /api/v1/changes", "POST /api/v1/changes/plan", "GET /api/v1/changes/[id]", "GET /api/v1/changes/[id]/log"];

function urlAndParams(file: string): { template: string; url: string; params: Record<string, string> } {
  const template = file.replace(/^\/app/, "").replace(/\/route\.ts$/, "");
  const params: Record<string, string> = {};
  const url = template.replace(/\[(\w+)\]/g, (_, name: string) => {
    params[name] = "x1";
    return "x1";
  });
  return { template, url, params };
}

async function callAll(actor: Actor, onResult: (key: string, res: Response) => Promise<void>, only = "/app/api/") {
  state.actor = actor;
  for (const [file, load] of Object.entries(files)) {
    if (NOT_WRAPPED.some((p) => file.startsWith(p)) || SIGNED.some((p) => file.startsWith(p)) || !file.startsWith(only)) continue;
    const mod = await load();
    const { template, url, params } = urlAndParams(file);
    for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"] as const) {
      // Input that every allowed handler refuses in zod, before it could reach a database.
      const req = new Request(`http://127.0.0.1:3000${url}?limit=0&page=0&offset=-1`, {
        method,
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
        body: method === "GET" ? undefined : "{}",
      });
      await onResult(`${method} ${template}`, await mod[method](req, { params: Promise.resolve(params) }));
    }
  }
}

beforeEach(() => {
  state.audits = [];
});

describe("route files", () => {
  it("export every method, so Next never answers an empty 405 (HEAD only where GET is missing)", async () => {
    for (const [file, load] of Object.entries(files)) {
      const mod = await load();
      for (const m of HTTP_METHODS) {
        if (m === "HEAD" && mod.GET && !mod.HEAD) continue; // Next answers HEAD with GET
        expect(typeof mod[m], `${file} ${m}`).toBe("function");
      }
    }
  });

  it("answer a method they lack with 405 problem+json and Allow", async () => {
    const mod = await files["/app/api/v1/regions/route.ts"]();
    const res = await mod.POST(new Request("http://127.0.0.1:3000/api/v1/regions", { method: "POST" }), { params: Promise.resolve({}) });
    expect(res.status).toBe(405);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("a workspace-scoped token", () => {
  it("is refused (403, audited) on every route but uploading, planning and reading changes", async () => {
    const scoped: Actor = { id: "u1", username: "ci", displayName: "CI", role: "operator", via: "token", tokenId: "t1", tokenWorkspace: "blockchain-eu-west-1" };
    const passed: string[] = [];
    let refused = 0;
    await callAll(scoped, async (key, res) => {
      if (res.status === 405) return;
      if (res.status === 403) {
        expect(res.headers.get("content-type"), key).toBe("application/problem+json");
        expect((await res.json()).detail, key).toMatch(key.includes("/tokens") || key.includes("/slack/links") ? /may not list, create or revoke tokens/ : /scoped to workspace/);
        refused += 1;
        return;
      }
      expect(res.status, key).toBe(400);
      passed.push(key);
    });
    expect(passed.sort()).toEqual([...SCOPED_ALLOWED].sort());
    expect(refused).toBeGreaterThanOrEqual(40);
    expect(state.audits.filter((a) => a.action === "access.denied")).toHaveLength(refused);
  });
});

describe("any bearer token", () => {
  it("is refused on the token routes (no token mints or revokes tokens)", async () => {
    const plain: Actor = { id: "u1", username: "ada", displayName: "Ada", role: "admin", via: "token", tokenId: "t1", tokenWorkspace: null };
    const results = new Map<string, number>();
    await callAll(plain, async (key, res) => void results.set(key, res.status), "/app/api/v1/tokens/");
    expect(results.get("POST /api/v1/tokens")).toBe(403);
    expect(results.get("GET /api/v1/tokens")).toBe(403);
    expect(results.get("DELETE /api/v1/tokens/[id]")).toBe(403);
    expect(state.audits.filter((a) => (a.details as { refusal?: string }).refusal === "token-refused")).toHaveLength(3);
  });
});
