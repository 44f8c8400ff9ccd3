import { refreshCosts } from "@/lib/costs/refresh-costs";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({
  permission: "costs.refresh",
  handler: ({ actor, requestId }) => refreshCosts(actor, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
