import { getServiceHistory } from "@/lib/deployments/queries";
import { serviceHistoryQuery, serviceHistoryResponse, serviceParams } from "@/lib/deployments/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "Which version ran when, per region, and when drift began",
  response: serviceHistoryResponse,
  permission: "dashboard.read",
  params: serviceParams,
  query: serviceHistoryQuery,
  handler: ({ params, query }) => getServiceHistory(params.service, query),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
