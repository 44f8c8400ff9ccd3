import { listChanges } from "@/lib/changes/queries";
import { listChangesQuery } from "@/lib/changes/schemas";
import { uploadChange } from "@/lib/changes/upload-change";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "dashboard.read", query: listChangesQuery, handler: async ({ query }) => ({ changes: await listChanges(query) }) });

/** CI's plan upload (multipart); the body is read with a size cap inside uploadChange. */
export const POST = route({ permission: "changes.request", status: 201, handler: ({ actor, req, requestId }) => uploadChange(actor, req, requestId) });
