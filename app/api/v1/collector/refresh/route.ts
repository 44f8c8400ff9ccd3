import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { collectAllNow } from "@/lib/collector/scheduler";
import { refreshReadModels } from "@/lib/read-models/refresh";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const collectorRefreshResponse = z.object({ jobs: z.number(), failed: z.array(z.object({ job: z.string(), ok: z.literal(false), durationMs: z.number(), error: z.string().optional() })) });

export const POST = route({
  summary: "Collect every source now",
  response: collectorRefreshResponse,
  permission: "collector.refresh",
  handler: async ({ actor, requestId }) => {
    const outcomes = await collectAllNow();
    // "Collect now" answers once the pages and the API show what it collected, not a refresh gap later.
    await refreshReadModels("collect now");
    const failed = outcomes.filter((o) => !o.ok);
    await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "collector.refreshed", target: { type: "collector" }, details: { jobs: outcomes.length, failed: failed.length }, requestId });
    return { jobs: outcomes.length, failed };
  },
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
