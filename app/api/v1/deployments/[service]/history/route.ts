import { getServiceHistory } from "@/lib/deployments/queries";
import { serviceHistoryQuery, serviceParams } from "@/lib/deployments/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  permission: "dashboard.read",
  params: serviceParams,
  query: serviceHistoryQuery,
  handler: ({ params, query }) => getServiceHistory(params.service, query),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
