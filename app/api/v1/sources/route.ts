import { z } from "zod";
import { sourceHealthSchema } from "@/lib/snapshots/schemas";
import { route } from "@/lib/http/route";
import { listSourceHealth } from "@/lib/snapshots/freshness";
import { otherMethods } from "@/lib/http/methods";

const sourcesResponse = z.object({ sources: z.array(sourceHealthSchema) });

export const GET = route({ summary: "Every source: last success, last error, staleness", response: sourcesResponse, permission: "dashboard.read", handler: async () => ({ sources: await listSourceHealth() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
