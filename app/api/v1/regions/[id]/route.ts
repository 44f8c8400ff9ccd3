import { route } from "@/lib/http/route";
import { getRegionDetail } from "@/lib/regions/queries";
import { regionParams } from "@/lib/regions/schemas";

export const GET = route({ permission: "dashboard.read", params: regionParams, handler: ({ params }) => getRegionDetail(params.id) });
