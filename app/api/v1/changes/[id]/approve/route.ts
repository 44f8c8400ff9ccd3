import { reviewChange } from "@/lib/changes/review-change";
import { changeIdParams, reviewChangeBody, reviewChangeResponse } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Approve the plan with this SHA-256", response: reviewChangeResponse, permission: "changes.approve", params: changeIdParams, body: reviewChangeBody, handler: ({ actor, params, body, requestId }) => reviewChange(actor, params.id, "approve", body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
