import { z } from "zod";
import { collectionHealth } from "@/lib/collector/scheduler";
import { db } from "@/lib/db/client";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const collectorHealthUnknown = { state: "unknown", by: "nobody" } as const;

const healthResponse = z.object({ status: z.enum(["ok", "unhealthy"]), database: z.enum(["ok", "unreachable"]), collector: z.looseObject({ state: z.string() }) });

export const GET = publicRoute({ summary: "Database and collector health (503 when unhealthy)", response: healthResponse }, async () => {
  let database: "ok" | "unreachable" = "ok";
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    database = "unreachable";
  }
  const collector = database === "ok" ? await collectionHealth().catch(() => collectorHealthUnknown) : collectorHealthUnknown;
  // A stalled collector elsewhere is that process's trouble: this one still serves.
  const healthy = database === "ok" && !(collector.by === "this process" && collector.state === "stalled");
  return Response.json({ status: healthy ? "ok" : "unhealthy", database, collector }, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
