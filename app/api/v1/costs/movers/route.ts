import { csvResponse, moversCsv } from "@/lib/costs/exports";
import { listCostMovers } from "@/lib/costs/queries";
import { moversQuerySchema } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  permission: "costs.read",
  query: moversQuerySchema,
  handler: async ({ query: { format, ...q } }) => {
    const movers = await listCostMovers(q);
    return format === "csv" ? csvResponse(moversCsv(movers)) : movers;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
