import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { listRoleHistory } from "@/lib/topology/queries";
import { topologyServiceParams } from "@/lib/topology/schemas";

export const GET = route({ permission: "dashboard.read", params: topologyServiceParams, handler: ({ params }) => listRoleHistory(params.service) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
