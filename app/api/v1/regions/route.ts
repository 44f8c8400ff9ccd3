import { route } from "@/lib/http/route";
import { listRegionSummaries } from "@/lib/regions/queries";
import { listRegionsQuery } from "@/lib/regions/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  permission: "dashboard.read",
  query: listRegionsQuery,
  handler: async () => {
    const { regions, freshness } = await listRegionSummaries();
    return { regions, fetchedAt: freshness.fetchedAt, staleSources: freshness.staleSources };
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
