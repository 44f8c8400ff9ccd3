import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { AuditEventDto, ListAuditQuery } from "./schemas";
import { resolveActorNames, resolveTargetLabels, targetLabelKey } from "./target-labels";

export async function listAuditEvents(query: ListAuditQuery): Promise<{ events: AuditEventDto[]; nextBefore: number | null }> {
  const where: Prisma.AuditEventWhereInput = {};
  if (query.action) where.action = query.action.endsWith(".") ? { startsWith: query.action } : query.action;
  if (query.actor) where.actorName = query.actor;
  if (query.targetType) where.targetType = query.targetType;
  if (query.targetId) where.targetId = query.targetId;
  if (query.outcome) where.outcome = query.outcome;
  if (query.from || query.to) where.at = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) };
  if (query.before) where.seq = { lt: query.before };
  const rows = await db().auditEvent.findMany({ where, orderBy: { seq: "desc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const [labels, actors] = await Promise.all([resolveTargetLabels(page), resolveActorNames(page.map((r) => r.actorId))]);
  return {
    events: page.map((r) => {
      const key = targetLabelKey(r);
      const label = key ? labels.get(key) : undefined;
      return {
        seq: r.seq,
        at: r.at.toISOString(),
        actorName: r.actorName,
        actorDisplayName: r.actorId ? (actors.get(r.actorId) ?? null) : null,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        targetLabel: label?.label ?? null,
        targetHref: label?.href ?? null,
        outcome: r.outcome,
        reason: r.reason,
        details: r.details,
        requestId: r.requestId,
        hash: r.hash,
      };
    }),
    nextBefore: rows.length > query.limit ? page[page.length - 1].seq : null,
  };
}

export async function listAuditActions(): Promise<string[]> {
  const rows = await db().auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
