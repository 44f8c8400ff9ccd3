import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery, listAuditResponse } from "@/lib/audit/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "Audit events, newest first", response: listAuditResponse, permission: "audit.read", query: listAuditQuery, handler: ({ query }) => listAuditEvents(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
