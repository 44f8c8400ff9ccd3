import { route } from "@/lib/http/route";
import { getTimeline } from "@/lib/timeline/queries";
import { timelineQuery } from "@/lib/timeline/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", query: timelineQuery, handler: ({ query }) => getTimeline(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
