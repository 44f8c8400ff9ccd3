import { route } from "@/lib/http/route";
import { listUsers } from "@/lib/users/queries";
import { otherMethods } from "@/lib/http/methods";
import { listUsersResponse } from "@/lib/users/schemas";

export const GET = route({ summary: "Users who have signed in, with role and status", response: listUsersResponse, permission: "users.manage", handler: async () => ({ users: await listUsers() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
