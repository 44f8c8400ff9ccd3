import { getChangeDetail, RESOURCE_FILTERS } from "@/lib/changes/queries";
import { changeIdParams } from "@/lib/changes/schemas";
import { route } from "@/lib/http/route";
import { z } from "zod";

const query = z.object({ page: z.coerce.number().int().min(1).default(1), filter: z.enum(RESOURCE_FILTERS).default("all") });

export const GET = route({ permission: "dashboard.read", params: changeIdParams, query, handler: ({ params, query: q }) => getChangeDetail(params.id, q) });
