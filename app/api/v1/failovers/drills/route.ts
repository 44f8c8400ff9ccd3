import { route } from "@/lib/http/route";
import { listDrillLedger } from "@/lib/failovers/queries";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", handler: async () => ({ ledger: await listDrillLedger() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
