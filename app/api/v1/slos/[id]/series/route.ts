import { route } from "@/lib/http/route";
import { getSloSeries } from "@/lib/slos/queries";
import { sloIdParams, sloSeriesQuery, sloSeriesResponse } from "@/lib/slos/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "SLI and budget burndown over a range, with deployments",
  response: sloSeriesResponse,
  permission: "dashboard.read",
  params: sloIdParams,
  query: sloSeriesQuery,
  handler: ({ params, query }) => getSloSeries(params.id, query.range),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
