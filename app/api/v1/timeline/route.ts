import { route } from "@/lib/http/route";
import { readRecentTimeline } from "@/lib/read-models/queries";
import { getTimeline } from "@/lib/timeline/queries";
import { timelineQuery, timelineResponse } from "@/lib/timeline/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "What changed between from and to (deployments, applies, failovers, scenario changes) with SLO burn; span ≤ 7 days",
  response: timelineResponse,
  permission: "dashboard.read",
  query: timelineQuery,
  // The default window (last 24 h) is the stored model; an explicit range is computed for the caller.
  handler: ({ query, req }) => {
    const params = new URL(req.url).searchParams;
    return params.has("from") || params.has("to") ? getTimeline(query) : readRecentTimeline();
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
