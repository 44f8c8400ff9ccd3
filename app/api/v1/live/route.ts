import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getDataVersion } from "@/lib/live/data-version";

const dataVersionResponse = z.object({ version: z.string(), auditSeq: z.number(), collectedAt: z.string().nullable(), attemptedAt: z.string().nullable(), modelsAt: z.string().nullable() });

/** What open pages poll (with If-None-Match: 304 while nothing changed) to know when to re-render. */
export const GET = route({ summary: "The data version open pages poll (304 while nothing changed) to know when to re-render", response: dataVersionResponse, permission: "dashboard.read", handler: () => getDataVersion() });

export const { HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
