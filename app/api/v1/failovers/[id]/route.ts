import { route } from "@/lib/http/route";
import { getFailover } from "@/lib/failovers/queries";
import { failoverDetailResponse, failoverIdParams } from "@/lib/failovers/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "A run with its preflight, approvals, policy, steps (with logs) and rollback records", response: failoverDetailResponse, permission: "dashboard.read", params: failoverIdParams, handler: ({ params }) => getFailover(params.id) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
