import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { getTopologyView } from "@/lib/topology/queries";
import { topologyViewResponse } from "@/lib/topology/schemas";

export const GET = route({ summary: "Roles now with since when and why, recent role changes, and where the evidence (Route 53, Aurora, the demo fleet) disagrees with the record", response: topologyViewResponse, permission: "dashboard.read", handler: () => getTopologyView() });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
