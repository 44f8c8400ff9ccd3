import { route } from "@/lib/http/route";
import { readRegions } from "@/lib/read-models/queries";
import { listRegionsQuery, listRegionsResponse } from "@/lib/regions/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Every region: health, clusters, capacity, services by role, freshness",
  response: listRegionsResponse,
  permission: "dashboard.read",
  query: listRegionsQuery,
  // The same object for every caller until the model changes: serialized and hashed once (lib/http/etag.ts).
  handler: () => readRegions(),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
