import { route } from "@/lib/http/route";
import { listSourceHealth } from "@/lib/snapshots/freshness";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", handler: async () => ({ sources: await listSourceHealth() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
