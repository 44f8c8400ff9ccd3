import { route } from "@/lib/http/route";
import { getFailover } from "@/lib/failovers/queries";
import { failoverIdParams } from "@/lib/failovers/schemas";

export const GET = route({ permission: "dashboard.read", params: failoverIdParams, handler: ({ params }) => getFailover(params.id) });
