import { allOperations } from "@/lib/http/all-operations";
import { buildOpenApi } from "@/lib/http/openapi";
import { publicRoute } from "@/lib/http/route";

export const GET = publicRoute(async () => Response.json(buildOpenApi(allOperations)));
