import { z } from "zod";
import { secretRef } from "@/lib/config/secret-ref";

/** `integrations.github`: a GitHub App that shows each change's plan review as a check run. */
export const githubIntegrationSchema = z
  .object({
    /** The App's id (a number) or an env: reference to it. */
    appId: z.union([z.number().int().positive(), secretRef]),
    /** The App's private key (PEM). */
    privateKey: secretRef,
    /** The secret GitHub signs webhook deliveries with (X-Hub-Signature-256). */
    webhookSecret: secretRef,
    /** GitHub Enterprise Server's API root, e.g. https://github.example.com/api/v3; api.github.com by default. */
    baseUrl: z.url().optional(),
    /** How long one call to GitHub may take before the sync job fails and is retried with backoff (default 10 s). */
    requestTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  })
  .strict();
