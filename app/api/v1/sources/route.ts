import { route } from "@/lib/http/route";
import { listSourceHealth } from "@/lib/snapshots/freshness";

export const GET = route({ permission: "dashboard.read", handler: async () => ({ sources: await listSourceHealth() }) });
