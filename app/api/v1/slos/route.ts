import { route } from "@/lib/http/route";
import { getSloOverview } from "@/lib/slos/queries";
import { listSlosQuery } from "@/lib/slos/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", query: listSlosQuery, handler: ({ query }) => getSloOverview(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
