import { z } from "zod";
import { collectionHealth } from "@/lib/collector/scheduler";
import { getConsoleState } from "@/lib/console/state";
import { db } from "@/lib/db/client";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const collectorHealthUnknown = { state: "unknown", by: "nobody" } as const;

const healthResponse = z.object({
  status: z.enum(["ok", "unhealthy"]),
  database: z.enum(["ok", "unreachable"]),
  /** When the database last answered, while it does not ("no database since T"). */
  databaseUnreachableSince: z.string().nullable(),
  console: z.object({
    mode: z.enum(["primary", "standby", "superseded"]),
    region: z.string().nullable(),
    epoch: z.number().nullable(),
    replicaLagSeconds: z.number().nullable(),
    /** On a standby: whether the primary's database answered the last look (null elsewhere). */
    primaryReachable: z.boolean().nullable(),
    supersededBy: z.looseObject({}).nullable(),
  }),
  collector: z.looseObject({ state: z.string() }),
});

// Readiness: 503 while the database does not answer (or this process's collector stalled), so a load
// balancer sends people elsewhere. Liveness is /api/health/live: a console without its database
// still serves what it holds, and must not be restarted for it.
export const GET = publicRoute({ summary: "Readiness: database, console mode and collector (503 when unhealthy)", response: healthResponse }, async () => {
  let database: "ok" | "unreachable" = "ok";
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    database = "unreachable";
  }
  const s = getConsoleState();
  const collector = database === "ok" ? await collectionHealth().catch(() => collectorHealthUnknown) : collectorHealthUnknown;
  // A stalled collector elsewhere is that process's trouble: this one still serves.
  // A console superseded by a takeover elsewhere must get nobody: it decides nothing any more.
  const healthy = database === "ok" && s.mode !== "superseded" && !(collector.by === "this process" && collector.state === "stalled");
  const consoleView = { mode: s.mode, region: s.region, epoch: s.epoch?.epoch ?? null, replicaLagSeconds: s.replica?.lagSeconds ?? null, primaryReachable: s.replica?.primaryReachable ?? null, supersededBy: s.supersededBy };
  const since = database === "ok" ? null : (s.database.since ?? s.database.lastOkAt ?? null);
  return Response.json({ status: healthy ? "ok" : "unhealthy", database, databaseUnreachableSince: since, console: consoleView, collector }, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
