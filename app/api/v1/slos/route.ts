import { route } from "@/lib/http/route";
import { getSloOverview } from "@/lib/slos/queries";
import { listSlosQuery } from "@/lib/slos/schemas";

export const GET = route({ permission: "dashboard.read", query: listSlosQuery, handler: ({ query }) => getSloOverview(query) });
