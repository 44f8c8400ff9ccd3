import { refreshCosts } from "@/lib/costs/refresh-costs";
import { route } from "@/lib/http/route";

export const POST = route({
  permission: "costs.refresh",
  handler: ({ actor, requestId }) => refreshCosts(actor, requestId),
});
