import { recordAuditEvent } from "@/lib/audit/append-event";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";
import { verifyAuditResponse } from "@/lib/audit/schemas";

export const POST = route({
  summary: "Verify the audit hash chain",
  response: verifyAuditResponse,
  permission: "audit.verify",
  handler: async ({ actor, requestId }) => {
    const report = await verifyAuditChain();
    await recordAuditEvent({ actor: { id: actor.id, name: actor.username }, action: "audit.verified", target: { type: "audit-chain" }, outcome: report.ok ? "success" : "failure", details: { checked: report.checked, problems: report.problems.length }, requestId });
    return report;
  },
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
