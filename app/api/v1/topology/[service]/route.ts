import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { listRoleHistory } from "@/lib/topology/queries";
import { roleHistoryResponse, topologyServiceParams } from "@/lib/topology/schemas";

export const GET = route({ summary: "One service's recorded roles over time", response: roleHistoryResponse, permission: "dashboard.read", params: topologyServiceParams, handler: ({ params }) => listRoleHistory(params.service) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
