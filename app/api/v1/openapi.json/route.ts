import { z } from "zod";
import { buildOpenApi, collectOperations, type RouteModule } from "@/lib/http/openapi";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

// Every route file, found by its place (Turbopack and vitest both support import.meta.glob): the
// document is read off the route() specs the handlers run with, so no list is kept beside them.
const routeModules = import.meta.glob<RouteModule>("/app/api/**/route.ts");
// Vite's glob leaves out the file that calls it (Turbopack's may not): this route adds itself.
const self = { "/app/api/v1/openapi.json/route.ts": async () => ({ GET }) };

let document: Promise<ReturnType<typeof buildOpenApi>> | undefined;

export const GET = publicRoute(
  { summary: "This OpenAPI 3.1 document, built from the route handlers' own specs", response: z.looseObject({ openapi: z.literal("3.1.0"), paths: z.record(z.string(), z.record(z.string(), z.unknown())) }) },
  async () => {
    // Built once per process: the route files cannot change while it runs.
    document ??= collectOperations({ ...routeModules, ...self })
      .then(buildOpenApi)
      .catch((error: unknown) => {
        document = undefined;
        throw error;
      });
    return Response.json(await document);
  },
);

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
