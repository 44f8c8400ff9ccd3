import { z } from "zod";

export const userIdParams = z.object({ id: z.string().min(1).max(64) }).strict();
export const updateUserBody = z.object({ disabled: z.boolean() }).strict();
export type UpdateUserBody = z.infer<typeof updateUserBody>;

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
export const userDtoSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), provider: z.string(), disabled: z.boolean(), lastSignInAt: z.string().nullable() });
export const listUsersResponse = z.object({ users: z.array(userDtoSchema) });
export const updateUserResponse = z.object({ id: z.string(), username: z.string(), disabled: z.boolean() });
