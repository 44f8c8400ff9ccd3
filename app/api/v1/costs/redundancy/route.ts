import { csvResponse, redundancyCsv } from "@/lib/costs/exports";
import { getRedundancyView } from "@/lib/costs/queries";
import { rangeQuerySchema, redundancyResponse } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Cost of redundancy: dormant spend per protected service, its share and trend",
  response: redundancyResponse,
  produces: ["text/csv"],
  permission: "costs.read",
  query: rangeQuerySchema,
  handler: async ({ query: { format, ...q } }) => {
    const view = await getRedundancyView(q);
    return format === "csv" ? csvResponse(redundancyCsv(view)) : view;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
