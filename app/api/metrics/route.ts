import { publicRoute } from "@/lib/http/route";
import { renderMetrics } from "@/lib/observability/metrics";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = publicRoute({ summary: "Prometheus metrics of the console itself", response: null, produces: ["text/plain; version=0.0.4"] }, async () => {
  const { contentType, text } = await renderMetrics();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
