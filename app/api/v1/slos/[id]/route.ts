import { route } from "@/lib/http/route";
import { getSloDetail } from "@/lib/slos/queries";
import { sloDetailResponse, sloIdParams } from "@/lib/slos/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "One SLO: SLI, budget, burn rates over 7 windows, alert rules, time to exhaustion", response: sloDetailResponse, permission: "dashboard.read", params: sloIdParams, handler: ({ params }) => getSloDetail(params.id) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
