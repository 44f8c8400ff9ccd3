import { NotFoundError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { getLinkDetail } from "@/lib/replication/queries";
import { linkDetailResponse, linkParams, linkSeriesQuery } from "@/lib/replication/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  summary: "One link with its lag series over a range (1h, 6h, 24h, 7d)",
  response: linkDetailResponse,
  permission: "dashboard.read",
  params: linkParams,
  query: linkSeriesQuery,
  handler: async ({ params, query }) => {
    const detail = await getLinkDetail(params.link, query.range);
    if (!detail) throw new NotFoundError(`No replication link "${params.link}".`);
    return detail;
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
