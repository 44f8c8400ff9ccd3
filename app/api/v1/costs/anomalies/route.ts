import { anomaliesCsv, csvResponse } from "@/lib/costs/exports";
import { listCostAnomalies } from "@/lib/costs/queries";
import { anomaliesQuerySchema, anomaliesResponse } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Cost anomalies with impact and root causes (default: the last 90 days)",
  response: anomaliesResponse,
  produces: ["text/csv"],
  permission: "costs.read",
  query: anomaliesQuerySchema,
  handler: async ({ query: { format, ...q } }) => {
    const list = await listCostAnomalies(q);
    return format === "csv" ? csvResponse(anomaliesCsv(list)) : list;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
