import { route } from "@/lib/http/route";
import { listDrillLedger } from "@/lib/failovers/queries";

export const GET = route({ permission: "dashboard.read", handler: async () => ({ ledger: await listDrillLedger() }) });
