import { z } from "zod";

export const userIdParams = z.object({ id: z.string().min(1).max(64) }).strict();
export const updateUserBody = z.object({ disabled: z.boolean() }).strict();
export type UpdateUserBody = z.infer<typeof updateUserBody>;
