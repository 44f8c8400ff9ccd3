import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getRecentDataVersion } from "@/lib/live/data-version";

const dataVersionResponse = z.object({ version: z.string(), auditSeq: z.number(), collectedAt: z.string().nullable(), attemptedAt: z.string().nullable(), modelsAt: z.string().nullable(), agedOutAt: z.string().nullable() });

/**
 * What open pages poll to know when to re-render: `version` moves when what pages show does (not when a
 * collection only read the same values again). Read once a second per process for the whole crowd.
 */
export const GET = route({ summary: "The data version open pages poll to know when to re-render (moves when what pages show moves)", response: dataVersionResponse, permission: "dashboard.read", handler: () => getRecentDataVersion() });

export const { HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
