import { route } from "@/lib/http/route";
import { getRegionDetailView } from "@/lib/overview/queries";
import { regionDetailResponse, regionParams } from "@/lib/regions/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "One region: clusters, node groups, capacity, services with role and health", response: regionDetailResponse, permission: "dashboard.read", params: regionParams, handler: ({ params }) => getRegionDetailView(params.id) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
