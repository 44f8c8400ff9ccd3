import { z } from "zod";
import { collectorHealth } from "@/lib/collector/scheduler";
import { db } from "@/lib/db/client";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const healthResponse = z.object({ status: z.enum(["ok", "unhealthy"]), database: z.enum(["ok", "unreachable"]), collector: z.looseObject({ state: z.string() }) });

export const GET = publicRoute({ summary: "Database and collector health (503 when unhealthy)", response: healthResponse }, async () => {
  let database: "ok" | "unreachable" = "ok";
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    database = "unreachable";
  }
  const collector = collectorHealth();
  const healthy = database === "ok" && collector.state !== "stalled";
  return Response.json({ status: healthy ? "ok" : "unhealthy", database, collector }, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
