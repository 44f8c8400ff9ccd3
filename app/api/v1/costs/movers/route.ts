import { csvResponse, moversCsv } from "@/lib/costs/exports";
import { listCostMovers } from "@/lib/costs/queries";
import { costMoversResponse, moversQuerySchema } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Top movers: month-to-date against the same days last month",
  response: costMoversResponse,
  produces: ["text/csv"],
  permission: "costs.read",
  query: moversQuerySchema,
  handler: async ({ query: { format, ...q } }) => {
    const movers = await listCostMovers(q);
    return format === "csv" ? csvResponse(moversCsv(movers)) : movers;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
