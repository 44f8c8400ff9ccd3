import { z } from "zod";

const serviceId = z.string().min(1).max(100);
const region = z.string().min(1).max(64);

/**
 * An admin records where services are active: a failover done outside Meridian (manual), or what the
 * evidence says (detected: the difference must still be there, and it starts when first seen).
 */
export const recordTopologyBody = z
  .object({
    services: z.array(serviceId).min(1).max(200).describe("Services that moved together (e.g. a runbook's services)"),
    activeRegion: region.describe("The region now active for them; their other active regions become dormant"),
    cause: z.enum(["manual", "detected"]).default("manual"),
    effectiveAt: z.iso.datetime({ offset: true }).optional().describe("manual: when the failover happened (default now); not before the services' last recorded change, not in the future"),
    reason: z.string().trim().max(2000).optional().describe("Required (10+ characters) for a manual record; a detected one says what the evidence showed"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.cause === "manual" && (b.reason ?? "").length < 10) ctx.addIssue({ code: "custom", path: ["reason"], message: "say what happened and who did it: at least 10 characters" });
    if (b.cause === "detected" && b.effectiveAt) ctx.addIssue({ code: "custom", path: ["effectiveAt"], message: "a detected change starts when the evidence first showed it" });
  });
export type RecordTopologyBody = z.infer<typeof recordTopologyBody>;

export const topologyServiceParams = z.object({ service: serviceId }).strict();
