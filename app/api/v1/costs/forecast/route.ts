import { csvResponse, forecastCsv } from "@/lib/costs/exports";
import { getCostForecastView } from "@/lib/costs/queries";
import { costForecastResponse, forecastQuerySchema } from "@/lib/costs/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Forecast from tomorrow (3 months daily, 12 monthly) and the end-of-month figure",
  response: costForecastResponse,
  produces: ["text/csv"],
  permission: "costs.read",
  query: forecastQuerySchema,
  handler: async ({ query: { format, ...q } }) => {
    const forecast = await getCostForecastView(q);
    return format === "csv" ? csvResponse(forecastCsv(forecast)) : forecast;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
