import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { getTopologyView } from "@/lib/topology/queries";

export const GET = route({ permission: "dashboard.read", handler: () => getTopologyView() });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
