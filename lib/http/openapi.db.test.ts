import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { recordChange } from "@/lib/changes/record-change";
import { runJob } from "@/lib/collector/run-job";
import { buildJobs } from "@/lib/collector/scheduler";
import { getConfig, loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { resetEnvForTests } from "@/lib/env";
import { refreshReadModels } from "@/lib/read-models/refresh";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { pathOfRouteFile, specOf, type RouteModule } from "./openapi";
import { startProviders } from "@/lib/server/registry";

// Real answers against the documented response schemas: the demo fleet collected into a fresh
// database, then each route handler called the way Next calls it, as an admin with a session. Only
// who the caller is is mocked; every handler, query and read model is the real one.
const state = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const files = import.meta.glob<RouteModule>("/app/api/**/route.ts");
const byPath = new Map(Object.keys(files).map((file) => [pathOfRouteFile(file), file]));

// Documented GETs this test does not call, and why; every other GET must be sampled below.
const NOT_SAMPLED: Record<string, string> = {
  "GET /api/metrics": "Prometheus text, no JSON body",
  "GET /api/v1/slos/recording-rules": "YAML, no JSON body",
  "GET /api/v1/openapi.json": "checked in lib/http/openapi.test.ts",
};

const ORIGIN = "http://127.0.0.1:3000";

async function call(method: string, template: string, opts: { params?: Record<string, string>; query?: string; body?: unknown; as?: Role; by?: Actor } = {}) {
  const file = byPath.get(template);
  if (!file) throw new Error(`no route file serves ${template}`);
  const mod = await files[file]();
  const handler = mod[method] as Handler;
  const spec = specOf(handler);
  if (!spec) throw new Error(`${method} ${template} has no route() spec`);
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(opts.params?.[name] ?? ""));
  const req = new Request(`${ORIGIN}${url}${opts.query ? `?${opts.query}` : ""}`, {
    method,
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const admin = state.actor!;
  // Writes run as the role that may make them; the same person, so their own rows stay theirs.
  if (opts.as) state.actor = { ...(opts.by ?? admin), role: opts.as };
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) }).finally(() => (state.actor = admin));
  const body = await res.json();
  expect(res.status, `${method} ${template}: ${JSON.stringify(body).slice(0, 500)}`).toBeLessThan(300);
  if (!spec.response) throw new Error(`${method} ${template} documents no JSON response`);
  const parsed = spec.response.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues.slice(0, 5), `${method} ${template}${opts.query ? `?${opts.query}` : ""} does not match its response schema`).toEqual([]);
  return body;
}

describe("the documented response schemas", () => {
  let database: TestDatabase;
  const checked = new Set<string>();
  const check = async (method: string, template: string, opts?: Parameters<typeof call>[2]) => {
    checked.add(`${method} ${template}`);
    return call(method, template, opts);
  };

  beforeAll(async () => {
    database = await startTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test";
    process.env.NEXTAUTH_URL = ORIGIN;
    resetEnvForTests();
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
    await startProviders();
    await Promise.all(buildJobs().map((j) => runJob(j, "test", { force: true })));
    await refreshReadModels("test start");
    const user = await database.db.user.create({ data: { username: "ada", displayName: "Ada", role: "admin", provider: "demo", subject: "demo|ada" } });
    state.actor = { id: user.id, username: "ada", displayName: "Ada", role: "admin", via: "session" };
  });
  afterAll(async () => {
    await database?.stop();
  });

  it("hold for the reads of the demo fleet", async () => {
    await check("GET", "/api/health");
    await check("GET", "/api/health/live");
    await check("GET", "/api/v1/console");
    await check("GET", "/api/v1/me");
    await check("GET", "/api/v1/live");
    await check("GET", "/api/v1/sources");
    await check("GET", "/api/v1/config");
    await check("GET", "/api/v1/scenario");
    await check("GET", "/api/v1/users");
    await check("GET", "/api/v1/audit");
    await check("GET", "/api/v1/timeline");
    await check("GET", "/api/v1/timeline", { query: `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}` });
    const regions = await check("GET", "/api/v1/regions");
    await check("GET", "/api/v1/regions/{id}", { params: { id: regions.regions[0].id } });
    const matrix = await check("GET", "/api/v1/deployments");
    await check("GET", "/api/v1/deployments/{service}/history", { params: { service: matrix.rows[0].service } });
    const slos = await check("GET", "/api/v1/slos");
    await check("GET", "/api/v1/slos/{id}", { params: { id: slos.rows[0].slo } });
    await check("GET", "/api/v1/slos/{id}/series", { params: { id: slos.rows[0].slo } });
    const links = await check("GET", "/api/v1/replication");
    await check("GET", "/api/v1/replication/{link}", { params: { link: links.links[0].linkId } });
    const readiness = await check("GET", "/api/v1/readiness", { query: "service=leaderboard-api" });
    const { service, to } = readiness.readiness[0];
    await check("GET", "/api/v1/failovers/preflight", { query: `service=${service}&to=${to}` });
    await check("GET", "/api/v1/failovers/preflight", { query: `service=${service}&to=${to}&mode=drill` });
    await check("GET", "/api/v1/failovers/drills");
    await check("GET", "/api/v1/failovers");
    for (const p of ["/api/v1/costs", "/api/v1/costs/forecast", "/api/v1/costs/movers", "/api/v1/costs/redundancy", "/api/v1/costs/anomalies"]) await check("GET", p);
    await check("GET", "/api/v1/costs", { query: "granularity=daily&groupBy=service" });
    await check("GET", "/api/v1/tokens");
    const topology = await check("GET", "/api/v1/topology");
    await check("GET", "/api/v1/topology/{service}", { params: { service: topology.services[0].service } });
  });

  it("hold for a change request, a failover run and the writes that make and move them, tokens, users, scenario and refreshes", async () => {
    const ws = getConfig().workspaces[0];
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.0",
      output_changes: {},
      resource_changes: [{ address: "null_resource.release", mode: "managed", type: "null_resource", name: "release", change: { actions: ["create"], before: null, after: { triggers: { revision: "2" } } } }],
    };
    const change = await recordChange(state.actor!, { ws, origin: "console", planFile: new Uint8Array([1, 2, 3]), plan: plan as never, title: "openapi test" });
    expect((await check("GET", "/api/v1/changes")).changes).toHaveLength(1);
    await check("GET", "/api/v1/changes/{id}", { params: { id: change.id } });
    await check("GET", "/api/v1/changes/{id}/log", { params: { id: change.id } });
    // A second person reviews: nobody approves their own change.
    const grace = await database.db.user.create({ data: { username: "grace", displayName: "Grace", role: "approver", provider: "demo", subject: "demo|grace" } });
    const reviewer: Actor = { id: grace.id, username: "grace", displayName: "Grace", role: "approver", via: "session" };
    await check("POST", "/api/v1/changes/{id}/approve", { params: { id: change.id }, body: { planSha256: change.planSha256 }, as: "approver", by: reviewer });
    await check("POST", "/api/v1/changes/{id}/cancel", { params: { id: change.id }, body: { reason: "test" }, as: "operator" });

    const readiness = await call("GET", "/api/v1/readiness", { query: "service=leaderboard-api" });
    const { service, to } = readiness.readiness[0];
    const run = await check("POST", "/api/v1/failovers", { body: { service, to, mode: "drill", reason: "openapi response test", precheckOverride: { reason: "test: readiness is not the point here" } }, as: "operator" });
    await check("GET", "/api/v1/failovers/{id}", { params: { id: run.id } });
    const list = await check("GET", "/api/v1/failovers");
    expect(list.failovers.map((f: { id: string }) => f.id)).toContain(run.id);
    await check("POST", "/api/v1/failovers/{id}/abort", { params: { id: run.id }, body: { reason: "test over" }, as: "operator" });

    const token = await check("POST", "/api/v1/tokens", { body: { name: "openapi test" } });
    await check("DELETE", "/api/v1/tokens/{id}", { params: { id: token.id } });
    await check("POST", "/api/v1/audit/verify");
    await check("PUT", "/api/v1/users/{id}", { params: { id: grace.id }, body: { disabled: true } });
    await check("PUT", "/api/v1/scenario", { body: { scenario: "steady" } });
    await check("POST", "/api/v1/costs/refresh");
    await check("POST", "/api/v1/collector/refresh");
    // Last: it moves a service, which the reads above would otherwise see.
    const topology = await call("GET", "/api/v1/topology");
    const moved = topology.services.find((s: { activeRegion: string | null; roles: Record<string, string> }) => s.activeRegion && Object.values(s.roles).includes("dormant"));
    const dormant = Object.entries(moved.roles as Record<string, string>).find(([, role]) => role === "dormant")![0];
    await check("POST", "/api/v1/topology/changes", { body: { services: [moved.service], activeRegion: dormant, reason: "openapi test: moved by hand outside Meridian" } });
  });

  it("cover every documented GET but the few named as not JSON", async () => {
    const doc = await call("GET", "/api/v1/openapi.json");
    const gets = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => ("get" in ops ? [`GET ${p}`] : []));
    const unsampled = gets.filter((op) => !checked.has(op) && !(op in NOT_SAMPLED));
    expect(unsampled, "add a call above for each new GET route").toEqual([]);
  });
});
