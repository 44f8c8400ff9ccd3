import { describe, expect, it, vi } from "vitest";
import { HTTP_METHODS, isMethodStub } from "./methods";
import { pathOfRouteFile, specOf, type RouteModule } from "./openapi";

// The document must cover every route file Next serves: it is read off the route() specs, so a
// handler without one (or a file the glob missed) fails here. No database: only the spec is read.
vi.mock("@/lib/env", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/env")>()),
  getEnv: () => ({ NEXTAUTH_URL: "http://127.0.0.1:3000", MERIDIAN_CONFIG: "config/demo.yaml", OIDC_ROLE_MAP: "", OIDC_GROUPS_CLAIM: "groups", MERIDIAN_DATA_DIR: ".data" }),
}));

const files = import.meta.glob<RouteModule>("/app/api/**/route.ts");
// next-auth's own handler: its sign-in endpoints are next-auth's protocol, not this API.
const NOT_DOCUMENTED = ["/app/api/auth/[...nextauth]/route.ts"];

type Op = { summary: string; "x-permission": string; parameters: Array<{ name: string; in: string; required: boolean; schema: object }>; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };
type Doc = { openapi: string; paths: Record<string, Record<string, Op>> };

async function servedDocument(): Promise<Doc> {
  const mod = await files["/app/api/v1/openapi.json/route.ts"]();
  const res = await (mod.GET as (req: Request) => Promise<Response>)(new Request("http://127.0.0.1:3000/api/v1/openapi.json"));
  expect(res.status).toBe(200);
  return res.json();
}

describe("the OpenAPI document", () => {
  it("has every exported method of every route file, from its route() spec", async () => {
    const doc = await servedDocument();
    expect(doc.openapi).toBe("3.1.0");
    const expected: string[] = [];
    for (const [file, load] of Object.entries(files)) {
      const mod = await load();
      for (const method of HTTP_METHODS) {
        const handler = mod[method];
        if (handler === undefined || isMethodStub(handler) || NOT_DOCUMENTED.includes(file)) continue;
        // HEAD rides on GET (Next answers it with the GET handler); anything else needs a spec.
        if (method === "HEAD" || method === "OPTIONS") continue;
        expect(specOf(handler), `${method} ${file} is a handler without a route() spec`).toBeDefined();
        expected.push(`${method} ${pathOfRouteFile(file)}`);
      }
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(expected.sort());
    // Sanity: the sweep found the API, not an empty glob.
    expect(expected.length).toBeGreaterThanOrEqual(55);
  });

  it("gives every operation a summary, a permission, a success response with a schema, and its inputs", async () => {
    const doc = await servedDocument();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method} ${path}`;
        expect(op.summary, key).toBeTruthy();
        expect(op["x-permission"], key).toBeTruthy();
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith("2"));
        expect(success, key).toHaveLength(1);
        const content = success[0][1].content ?? {};
        expect(Object.keys(content).length, `${key} documents no response body`).toBeGreaterThan(0);
        for (const c of Object.values(content)) expect(c.schema, key).toBeTypeOf("object");
        // Every {name} in the path is a required path parameter (the hostile-input e2e fills them in).
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(op.parameters.find((p) => p.in === "path" && p.name === name), `${key}: path parameter ${name}`).toMatchObject({ required: true });
        }
      }
    }
  });

  it("describes request and response bodies from the zod schemas the handlers run with", async () => {
    const doc = await servedDocument();
    const approve = doc.paths["/api/v1/changes/{id}/approve"].post;
    expect(approve["x-permission"]).toBe("changes.approve");
    expect(approve.requestBody?.content["application/json"].schema).toMatchObject({ type: "object", required: ["planSha256"], properties: { planSha256: { type: "string" } } });
    expect(approve.responses["200"].content?.["application/json"].schema).toMatchObject({ type: "object", properties: { state: { enum: expect.arrayContaining(["approved"]) } } });
    const list = doc.paths["/api/v1/changes"].get;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(["query:limit", "query:state", "query:workspace"]);
    expect(doc.paths["/api/v1/costs"].get.responses["200"].content).toHaveProperty(["text/csv"]);
    expect(doc.paths["/api/health"].get["x-permission"]).toBe("public");
    // CI's multipart upload: the fields uploadChange checks, and the two files.
    expect(doc.paths["/api/v1/changes"].post.requestBody?.content["multipart/form-data"].schema).toMatchObject({ required: expect.arrayContaining(["workspace", "commitSha", "plan", "planJson"]) });
  });
});
