import { z } from "zod";
import { duration } from "@/lib/config/duration";

// An IANA time zone this runtime knows ("Europe/Berlin"); Intl refuses anything else.
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "not an IANA time zone (e.g. Europe/Berlin)" },
);

export const approvalPolicySchema = z
  .object({
    approvals: z.number().int().min(1).max(5).default(1),
    approverRoles: z.array(z.enum(["approver", "incident-commander", "admin", "operator"])).default(["approver", "incident-commander"]),
    approvalTtl: duration.prefault("24h"),
    freezeWindows: z
      // cron is read in timezone (default UTC); from/to are ISO instants. See lib/changes/freeze-window.ts.
      .array(z.object({ name: z.string(), cron: z.string().optional(), timezone: timeZone.optional(), from: z.string().optional(), to: z.string().optional() }).strict())
      .default([]),
    sloGate: z.boolean().default(true),
  })
  .strict();

export const workspaceConfigSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    dir: z.string(),
    regions: z.array(z.string()).min(1),
    /** Unset: MERIDIAN_TERRAFORM_BIN (see getTerraformBin). */
    terraform: z.string().min(1).optional(),
    services: z.array(z.string()).default([]),
    policy: approvalPolicySchema.prefault({}),
  })
  .strict();
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
