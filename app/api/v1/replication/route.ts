import { route } from "@/lib/http/route";
import { listLinks } from "@/lib/replication/queries";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", handler: () => listLinks() });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
