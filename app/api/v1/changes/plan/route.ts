import { planChange } from "@/lib/changes/plan-change";
import { planChangeBody } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ permission: "changes.request", body: planChangeBody, status: 201, handler: ({ actor, body, requestId }) => planChange(actor, body, requestId) });
