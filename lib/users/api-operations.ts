import type { ApiOperation } from "@/lib/http/openapi";
import { updateUserBody, userIdParams } from "./schemas";

/** /api/v1/users: the people who have signed in. */
export const userOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/users", summary: "Users who have signed in, with role and status", permission: "users.manage" },
  { method: "put", path: "/api/v1/users/{id}", summary: "Disable or enable a user", permission: "users.manage", params: userIdParams, body: updateUserBody },
];
