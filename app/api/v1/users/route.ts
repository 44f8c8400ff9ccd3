import { route } from "@/lib/http/route";
import { listUsers } from "@/lib/users/queries";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "users.manage", handler: async () => ({ users: await listUsers() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
