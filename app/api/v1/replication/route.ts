import { route } from "@/lib/http/route";
import { listLinks } from "@/lib/replication/queries";

export const GET = route({ permission: "dashboard.read", handler: () => listLinks() });
