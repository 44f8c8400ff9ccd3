import { route } from "@/lib/http/route";
import { listReadinessRows } from "@/lib/replication/queries";
import { readinessQuery } from "@/lib/replication/schemas";

export const GET = route({
  permission: "dashboard.read",
  query: readinessQuery,
  handler: async ({ query }) => {
    const { readiness, freshness } = await listReadinessRows();
    const rows = readiness.filter(
      (r) => (!query.service || r.service === query.service) && (!query.region || r.from === query.region || r.to === query.region) && (!query.verdict || r.verdict === query.verdict),
    );
    return { readiness: rows, freshness };
  },
});
