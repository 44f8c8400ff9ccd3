import { z } from "zod";

export const listRegionsQuery = z.object({}).strict();
export const regionParams = z.object({ id: z.string().max(50).regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes") }).strict();
