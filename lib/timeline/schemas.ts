import { z } from "zod";
import { queryDate } from "@/lib/http/query-schemas";

/** The longest span one timeline request may cover. */
export const TIMELINE_MAX_SPAN_MS = 7 * 86_400_000;

export const timelineQuery = z
  .object({
    from: queryDate().describe("ISO time; default 24 h before `to`").optional(),
    to: queryDate().describe("ISO time; default now").optional(),
  })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 86_400_000);
    if (from.getTime() >= to.getTime()) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    else if (to.getTime() - from.getTime() > TIMELINE_MAX_SPAN_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "the span from → to may be at most 7 days" });
    return { from, to };
  });
export type TimelineQuery = z.infer<typeof timelineQuery>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
export const timelineResponse = z.object({
  from: z.string(),
  to: z.string(),
  events: z.array(z.object({ kind: z.enum(["deployment", "apply", "failover", "scenario"]), at: z.string(), title: z.string(), detail: z.string().nullable(), href: z.string().nullable(), tone: z.enum(["ok", "warn", "bad", "info"]) })),
  burn: z.array(z.object({ slo: z.string(), name: z.string(), service: z.string(), region: z.string(), state: z.string(), points: z.array(z.object({ t: z.number(), burn: z.number().nullable() })) })),
  errors: z.array(z.object({ source: z.string(), message: z.string() })),
});
