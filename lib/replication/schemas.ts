import { z } from "zod";
import { LAG_RANGES } from "./types";

export const linkParams = z.object({ link: z.string().regex(/^[a-z0-9-]+$/, "a link id: lowercase letters, digits and dashes").max(200) }).strict();
export type LinkParams = z.infer<typeof linkParams>;

export const linkSeriesQuery = z.object({ range: z.enum(LAG_RANGES).default("1h") }).strict();
export type LinkSeriesQuery = z.infer<typeof linkSeriesQuery>;

export const readinessQuery = z
  .object({
    service: z.string().max(200).optional(),
    /** Pairs with this region on either side. */
    region: z.string().max(200).optional(),
    verdict: z.enum(["ready", "at-risk", "unknown", "not-ready"]).optional(),
  })
  .strict();
export type ReadinessQuery = z.infer<typeof readinessQuery>;
