import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { recordTopologyChange } from "@/lib/topology/record-topology-change";
import { recordTopologyBody } from "@/lib/topology/schemas";

export const POST = route({ permission: "topology.record", body: recordTopologyBody, status: 201, handler: ({ actor, body, requestId }) => recordTopologyChange(actor, body, requestId) });

export const { GET, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
