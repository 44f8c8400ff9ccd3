import { listAuditEvents } from "@/lib/audit/queries";
import { listAuditQuery } from "@/lib/audit/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "audit.read", query: listAuditQuery, handler: ({ query }) => listAuditEvents(query) });
