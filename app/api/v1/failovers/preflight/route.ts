import { route } from "@/lib/http/route";
import { getFailoverPreflight } from "@/lib/failovers/preflight";
import { preflightQuery } from "@/lib/failovers/schemas";

export const GET = route({ permission: "dashboard.read", query: preflightQuery, handler: ({ query }) => getFailoverPreflight(query.service, query.to) });
