import { z } from "zod";

/** Secrets are never written in the file: only the name of an environment variable. */
export const secretRef = z
  .string()
  .regex(/^env:[A-Z_][A-Z0-9_]*$/, 'secrets are references to environment variables, e.g. "env:AWS_SECRET_ACCESS_KEY"');
