import { z } from "zod";
import { secretRef } from "@/lib/config/secret-ref";

const channel = z.string().regex(/^[A-Z0-9]+$|^#[a-z0-9._-]+$/, 'a channel id such as "C0123ABCD" or a name such as "#ops-approvals"');

/** `integrations.slack`: approval requests posted to Slack, approved there by linked users. */
export const slackIntegrationSchema = z
  .object({
    /** The bot's OAuth token (xoxb-…). */
    botToken: secretRef,
    /** The app's signing secret: interactions are verified with it (X-Slack-Signature). */
    signingSecret: secretRef,
    /** Slack's Web API root; https://slack.com/api/ by default. */
    baseUrl: z.url().optional(),
    channels: z
      .object({
        /** Where a request goes when no more specific channel is named. */
        default: channel.optional(),
        /** Terraform workspace name → channel. */
        workspaces: z.record(z.string(), channel).default({}),
        /** Runbook service id → channel. */
        runbooks: z.record(z.string(), channel).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();
