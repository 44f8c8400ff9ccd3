import { reviewChange } from "@/lib/changes/review-change";
import { changeIdParams, rejectChangeBody, reviewChangeResponse } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const POST = route({ summary: "Reject the plan with this SHA-256, with a comment", response: reviewChangeResponse, permission: "changes.approve", params: changeIdParams, body: rejectChangeBody, handler: ({ actor, params, body, requestId }) => reviewChange(actor, params.id, "reject", body, requestId) });

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
