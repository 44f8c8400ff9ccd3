import "server-only";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";

// The audit log names its targets as people know them ("Change #12 · Bump the indexer"), not by the
// cuid the row keeps. The audit platform knows no domain's code, so it reads their tables directly:
// one query per target type on the page, never one per row.

export type AuditTargetRef = { targetType: string; targetId: string | null };
export type TargetLabel = { label: string; href: string | null };

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

function idsOf(targets: AuditTargetRef[], type: string): string[] {
  return [...new Set(targets.filter((t) => t.targetType === type && t.targetId).map((t) => t.targetId!))];
}

/**
 * A label and a link for each target that still resolves, keyed by `targetLabelKey`. A deleted or
 * unknown target (a typo'd user name at sign-in, a pruned row) has no entry: the page shows its id.
 */
export async function resolveTargetLabels(targets: AuditTargetRef[]): Promise<Map<string, TargetLabel>> {
  const out = new Map<string, TargetLabel>();
  const changeIds = idsOf(targets, "change");
  const runIds = idsOf(targets, "failover-run");
  const usernames = idsOf(targets, "user");
  const tokenIds = idsOf(targets, "api-token");
  const [changes, runs, users, tokens] = await Promise.all([
    changeIds.length ? db().changeRequest.findMany({ where: { id: { in: changeIds } }, select: { id: true, number: true, title: true } }) : [],
    runIds.length ? db().failoverRun.findMany({ where: { id: { in: runIds } }, select: { id: true, number: true, mode: true, service: true, toRegion: true } }) : [],
    usernames.length ? db().user.findMany({ where: { username: { in: usernames } }, select: { username: true, displayName: true } }) : [],
    tokenIds.length ? db().apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true, user: { select: { displayName: true } } } }) : [],
  ]);
  for (const c of changes) out.set(keyOf("change", c.id), { label: `Change #${c.number} · ${c.title}`, href: `/changes/${c.id}` });
  // Drills and failovers are numbered in one sequence; the word is the run's mode, as the overview says it.
  for (const r of runs) out.set(keyOf("failover-run", r.id), { label: `${r.mode === "drill" ? "Drill" : "Failover"} #${r.number} · ${r.service} → ${r.toRegion}`, href: `/failovers/${r.id}` });
  // A user has no page of their own: the link is what they did.
  for (const u of users) out.set(keyOf("user", u.username), { label: u.displayName, href: `/audit?${new URLSearchParams({ actor: u.username })}` });
  for (const t of tokens) out.set(keyOf("api-token", t.id), { label: `Token “${t.name}” of ${t.user.displayName}`, href: null });
  for (const ws of idsOf(targets, "workspace")) out.set(keyOf("workspace", ws), { label: `Workspace ${ws}`, href: `/changes?${new URLSearchParams({ workspace: ws })}` });
  const services = new Map(getConfig().systems.flatMap((s) => s.services.map((x) => [x.id, x.name] as const)));
  for (const ids of idsOf(targets, "service")) {
    const list = ids.split(",");
    // Only services still configured: a removed one keeps its bare id.
    if (!list.every((id) => services.has(id))) continue;
    out.set(keyOf("service", ids), { label: list.map((id) => services.get(id)!).join(", "), href: list.length === 1 ? `/deployments/${list[0]}` : null });
  }
  return out;
}

export function targetLabelKey(t: AuditTargetRef): string | null {
  return t.targetId ? keyOf(t.targetType, t.targetId) : null;
}

/** Display names of the acting users, by user id (one query); the system and deleted users have none. */
export async function resolveActorNames(actorIds: Array<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(actorIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}
