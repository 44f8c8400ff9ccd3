import { allOperations } from "@/lib/http/all-operations";
import { buildOpenApi } from "@/lib/http/openapi";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = publicRoute(async () => Response.json(buildOpenApi(allOperations)));

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
