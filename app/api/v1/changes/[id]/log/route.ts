import { getChangeLog } from "@/lib/changes/queries";
import { changeIdParams, changeLogQuery } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";

/** Poll with ?offset=<nextOffset> until done. */
export const GET = route({ permission: "dashboard.read", params: changeIdParams, query: changeLogQuery, handler: ({ params, query }) => getChangeLog(params.id, query) });
