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
