import { publicRoute } from "@/lib/http/route";
import { renderMetrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => new Response(renderMetrics(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } }));
