import { route } from "@/lib/http/route";
import { getSloOverview } from "@/lib/slos/queries";
import { listSlosQuery, sloOverviewResponse } from "@/lib/slos/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "SLO compliance table (filtered) and leadership summary", response: sloOverviewResponse, permission: "dashboard.read", query: listSlosQuery, handler: ({ query }) => getSloOverview(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
