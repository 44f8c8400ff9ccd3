import { route } from "@/lib/http/route";
import { getRegionDetail } from "@/lib/regions/queries";
import { regionParams } from "@/lib/regions/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", params: regionParams, handler: ({ params }) => getRegionDetail(params.id) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
