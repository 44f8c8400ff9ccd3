import { z } from "zod";
import type { DocumentedHandler, DocumentedSpec } from "./route";

/** A route module as `import.meta.glob` loads it: its exported method handlers. */
export type RouteModule = Record<string, unknown>;
export type RouteModuleLoaders = Record<string, () => Promise<RouteModule>>;

export const DOCUMENTED_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;

export type DocumentedOperation = { file: string; path: string; method: (typeof DOCUMENTED_METHODS)[number]; spec: DocumentedSpec };

/** "/app/api/v1/changes/[id]/route.ts" → "/api/v1/changes/{id}": the file's place is the path. */
export function pathOfRouteFile(file: string): string {
  return file
    .replace(/^\/?app/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, "{$1}");
}

/** The handler's spec, when route() or publicRoute() made it; otherMethods' 405 stubs have none. */
export function specOf(handler: unknown): DocumentedSpec | undefined {
  return typeof handler === "function" ? (handler as Partial<DocumentedHandler>).spec : undefined;
}

/** Every documented operation of the given route modules, in file order. */
export async function collectOperations(loaders: RouteModuleLoaders): Promise<DocumentedOperation[]> {
  const ops: DocumentedOperation[] = [];
  for (const file of Object.keys(loaders).sort()) {
    const mod = await loaders[file]();
    for (const method of DOCUMENTED_METHODS) {
      const spec = specOf(mod[method]);
      if (spec) ops.push({ file, path: pathOfRouteFile(file), method, spec });
    }
  }
  return ops;
}

function schemaOf(type: z.ZodType, io: "input" | "output") {
  // Dates and transforms have no JSON Schema: "any" keeps the document buildable; such fields are few.
  const { $schema: _drop, ...json } = z.toJSONSchema(type, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return json;
}

function formSchema(form: NonNullable<DocumentedSpec["form"]>) {
  const json = schemaOf(form.fields, "input") as { properties?: Record<string, unknown>; required?: string[] };
  const files = Object.fromEntries(form.files.map((name) => [name, { type: "string", contentMediaType: "application/octet-stream" }]));
  return { ...json, properties: { ...json.properties, ...files }, required: [...(json.required ?? []), ...form.files] };
}

const problem = { description: "", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "requestId"],
  properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, requestId: { type: "string" } },
};

function operationObject({ method, spec }: DocumentedOperation) {
  const parameters: unknown[] = [];
  for (const [where, schema] of [["path", spec.params], ["query", spec.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s });
    }
  }
  const content: Record<string, unknown> = spec.response ? { "application/json": { schema: schemaOf(spec.response, "output") } } : {};
  for (const type of spec.produces ?? []) content[type] = { schema: { type: "string" } };
  const requestBody = spec.body
    ? { required: true, content: { "application/json": { schema: schemaOf(spec.body, "input") } } }
    : spec.form
      ? { required: true, content: { "multipart/form-data": { schema: formSchema(spec.form) } } }
      : undefined;
  const isPublic = spec.permission === "public";
  return {
    summary: spec.summary,
    "x-permission": spec.permission,
    ...(spec.tokenScope ? { "x-token-scope": spec.tokenScope } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [String(spec.status ?? 200)]: { description: "OK", content },
      ...(method === "GET" && !isPublic ? { "304": { description: "Not modified (If-None-Match matched the ETag)" } } : {}),
      ...(isPublic
        ? {}
        : {
            "400": { ...problem, description: "Invalid input" },
            "401": { ...problem, description: "Not signed in" },
            "403": { ...problem, description: "Role or token not allowed" },
          }),
    },
    security: isPublic ? [] : spec.tokens === false ? [{ session: [] }] : [{ bearer: [] }, { session: [] }],
  };
}

/** OpenAPI 3.1 from the route() specs themselves: the zod schemas the handlers validate with. */
export function buildOpenApi(operations: DocumentedOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Meridian API", version: "1" },
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Personal API token (Account → API tokens)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths,
  };
}
