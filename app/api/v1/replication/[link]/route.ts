import { NotFoundError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { getLinkDetail } from "@/lib/replication/queries";
import { linkParams, linkSeriesQuery } from "@/lib/replication/schemas";

export const GET = route({
  permission: "dashboard.read",
  params: linkParams,
  query: linkSeriesQuery,
  handler: async ({ params, query }) => {
    const detail = await getLinkDetail(params.link, query.range);
    if (!detail) throw new NotFoundError(`No replication link "${params.link}".`);
    return detail;
  },
});
