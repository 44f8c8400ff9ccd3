import { route } from "@/lib/http/route";
import { getFailoverPreflight } from "@/lib/failovers/preflight";
import { preflightQuery } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", query: preflightQuery, handler: ({ query }) => getFailoverPreflight(query.service, query.to, { mode: query.mode, drillKind: query.drillKind }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
