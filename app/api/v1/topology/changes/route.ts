import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { recordTopologyChange } from "@/lib/topology/record-topology-change";
import { recordTopologyBody, recordTopologyResponse } from "@/lib/topology/schemas";

export const POST = route({ summary: "Record where services are active (201): a failover done outside Meridian (manual, with a reason) or what the evidence shows (detected); admins only, audited", response: recordTopologyResponse, permission: "topology.record", body: recordTopologyBody, status: 201, handler: ({ actor, body, requestId }) => recordTopologyChange(actor, body, requestId) });

export const { GET, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
