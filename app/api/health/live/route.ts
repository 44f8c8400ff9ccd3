import { z } from "zod";
import { getConsoleState } from "@/lib/console/state";
import { publicRoute } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// Liveness: 200 while this process serves, whatever its database does. Kubernetes must not kill the
// last console standing because the region holding its database went dark.
export const GET = publicRoute({ summary: "Liveness: the process serves (200 even while its database is unreachable)", response: z.object({ status: z.literal("ok"), database: z.enum(["ok", "unreachable"]) }) }, async () =>
  Response.json({ status: "ok", database: getConsoleState().database.state }, { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
