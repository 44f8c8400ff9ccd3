import { route } from "@/lib/http/route";
import { getTimeline } from "@/lib/timeline/queries";
import { timelineQuery } from "@/lib/timeline/schemas";

export const GET = route({ permission: "dashboard.read", query: timelineQuery, handler: ({ query }) => getTimeline(query) });
