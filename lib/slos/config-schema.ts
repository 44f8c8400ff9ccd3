import { z } from "zod";

/** Where SLO definitions live; the file's own format is validated by lib/slos. */
export const slosConfigSchema = z.object({ file: z.string() }).strict();
