import { publicRoute } from "@/lib/http/route";
import { renderMetrics } from "@/lib/observability/metrics";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => new Response(renderMetrics(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } }));

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
