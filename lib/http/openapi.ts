import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

export type ApiOperation = {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  permission: Permission | "public";
  query?: z.ZodType;
  body?: z.ZodType;
  params?: z.ZodType;
};

function schemaOf(type: z.ZodType) {
  return z.toJSONSchema(type, { io: "input", unrepresentable: "any" });
}

/** OpenAPI 3.1 from the same zod schemas the handlers validate with. */
export function buildOpenApi(operations: ApiOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
      if (!schema) continue;
      const json = schemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s });
      }
    }
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      "x-permission": op.permission,
      parameters,
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body) } } } } : {}),
      responses: {
        "200": { description: "OK" },
        "400": { description: "Invalid input", content: { "application/problem+json": {} } },
        "401": { description: "Not signed in", content: { "application/problem+json": {} } },
        "403": { description: "Role not allowed", content: { "application/problem+json": {} } },
      },
      security: op.permission === "public" ? [] : [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Meridian API", version: "1" },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Personal API token (Settings → API tokens)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths,
  };
}
