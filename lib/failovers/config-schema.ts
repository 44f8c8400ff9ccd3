import { z } from "zod";

/** Runbook steps are validated in detail by the failovers domain; the core keeps them typed loosely. */
export const runbookStepSchema = z.object({ type: z.string(), name: z.string().optional() }).passthrough();

export const runbookConfigSchema = z
  .object({
    service: z.string(),
    rto: z.string().optional(),
    steps: z.array(runbookStepSchema).min(1),
  })
  .strict();
export type RunbookConfig = z.infer<typeof runbookConfigSchema>;
