import { refreshCosts } from "@/lib/costs/refresh-costs";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { refreshCostsResponse } from "@/lib/costs/schemas";

export const POST = route({
  summary: "Refetch cost data now (billed; audited; at most once a minute)",
  response: refreshCostsResponse,
  permission: "costs.refresh",
  handler: ({ actor, requestId }) => refreshCosts(actor, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
