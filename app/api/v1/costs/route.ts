import { breakdownCsv, csvResponse } from "@/lib/costs/exports";
import { getCostBreakdown } from "@/lib/costs/queries";
import { costApiQuery, costBreakdownResponse } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Spend per period and group (region, service, team, system); from/to default to the 13 months through today",
  response: costBreakdownResponse,
  produces: ["text/csv"],
  permission: "costs.read",
  query: costApiQuery,
  handler: async ({ query: { format, ...q } }) => {
    const breakdown = await getCostBreakdown(q);
    return format === "csv" ? csvResponse(breakdownCsv(breakdown)) : breakdown;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
