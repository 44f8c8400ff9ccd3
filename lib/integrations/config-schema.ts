import { z } from "zod";
import { githubIntegrationSchema } from "./github/config-schema";
import { slackIntegrationSchema } from "./slack/config-schema";

/** `integrations`: outside tools that mirror changes and failovers; each is off unless configured. */
export const integrationsConfigSchema = z
  .object({
    github: githubIntegrationSchema.optional(),
    slack: slackIntegrationSchema.optional(),
  })
  .strict();
