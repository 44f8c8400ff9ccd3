import { route } from "@/lib/http/route";
import { listUsers } from "@/lib/users/queries";

export const GET = route({ permission: "users.manage", handler: async () => ({ users: await listUsers() }) });
