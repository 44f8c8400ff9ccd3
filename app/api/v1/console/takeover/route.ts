import { takeOverBody, takeOverConsole, takeOverResponse } from "@/lib/console/take-over";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";

export const POST = route({
  summary: "Take the console over here: promote this standby's replica, raise the fencing epoch (incident commanders and admins)",
  response: takeOverResponse,
  permission: "console.takeover",
  onStandby: "allowed",
  body: takeOverBody,
  handler: ({ actor, body, requestId }) => takeOverConsole(actor, body, requestId),
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
