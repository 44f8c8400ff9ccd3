import { route } from "@/lib/http/route";
import { listDrillLedger } from "@/lib/failovers/queries";
import { otherMethods } from "@/lib/http/methods";
import { drillLedgerResponse } from "@/lib/failovers/schemas";

export const GET = route({ summary: "Drill ledger per runbook: last drill, measured RTO/RPO against target, overdue drills", response: drillLedgerResponse, permission: "dashboard.read", handler: async () => ({ ledger: await listDrillLedger() }) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
