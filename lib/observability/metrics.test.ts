import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";

// /api/metrics as Prometheus scrapes it, after a request went through the route wrapper.
const state = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));
vi.mock("@/lib/audit/append-event", () => ({ recordAuditEvent: async () => undefined, appendAuditEvent: async () => undefined }));
vi.mock("@/lib/env", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/env")>()),
  getEnv: () => ({ NEXTAUTH_URL: "https://console.example", MERIDIAN_CONFIG: "config/demo.yaml", OIDC_ROLE_MAP: "", OIDC_GROUPS_CLAIM: "groups" }),
}));

const { route } = await import("@/lib/http/route");
const { GET } = await import("@/app/api/metrics/route");

describe("GET /api/metrics", () => {
  it("serves process metrics and a request histogram labelled by route template", async () => {
    state.actor = { id: "u1", username: "ada", displayName: "Ada", role: "viewer", via: "session" };
    const id = `region-${Math.random().toString(36).slice(2)}`;
    const handler = route({ summary: "test", response: null, permission: "dashboard.read", handler: async () => ({ ok: true }) });
    expect((await handler(new Request(`https://console.example/api/v1/regions/${id}`), { params: Promise.resolve({ id }) })).status).toBe(200);

    const res = await GET(new Request("https://console.example/api/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // prom-client's default process metrics
    expect(text).toContain("# TYPE process_cpu_seconds_total counter");
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    // the route wrapper's histogram: the template, never the id
    expect(text).toContain("# TYPE meridian_http_request_duration_seconds histogram");
    expect(text).toMatch(/^meridian_http_request_duration_seconds_bucket\{le="0\.005",method="GET",path="\/api\/v1\/regions\/\[id\]",status="200"\} \d+/m);
    expect(text).toMatch(/^meridian_http_request_duration_seconds_count\{method="GET",path="\/api\/v1\/regions\/\[id\]",status="200"\} [1-9]/m);
    expect(text).not.toContain(id);
  });
});
