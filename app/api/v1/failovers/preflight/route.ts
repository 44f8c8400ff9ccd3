import { route } from "@/lib/http/route";
import { getFailoverPreflight } from "@/lib/failovers/preflight";
import { preflightQuery, preflightResponse } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "The preflight for a service and target: readiness, expected data loss, versions, steps (and, for a drill, what it does)", response: preflightResponse, permission: "dashboard.read", query: preflightQuery, handler: ({ query }) => getFailoverPreflight(query.service, query.to, { mode: query.mode, drillKind: query.drillKind }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
