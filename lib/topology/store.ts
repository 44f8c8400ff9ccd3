import "server-only";
import type { MeridianConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";
import { currentDecision, db, dbIdentity, reader, type Db, type Tx } from "@/lib/db/client";
import { buildTimeline, configuredRoles, sameRoles, withActiveRegion, type AssignmentRow, type TopologyTimeline } from "./timeline";
import { ConflictError } from "@/lib/http/errors";
import type { AssignmentCause, RoleMap } from "./types";

export function describeRoles(roles: RoleMap): string {
  const entries = Object.entries(roles);
  return entries.length ? entries.map(([r, x]) => `${r} ${x}`).join(", ") : "no region";
}

// The RoleAssignment table: the configuration's roles recorded once (and again when the file's roles
// change), role changes closed and opened in the decision's own transaction, and the whole history
// read back as a timeline. Nothing else writes the table.

const SELECT = { service: true, region: true, role: true, validFrom: true, validTo: true, cause: true, failoverRunId: true, actorName: true, reason: true } as const;

/** One service's roles changing at `at`: to these roles, or to whatever it holds with `activeRegion` taking over. */
export type RoleChange = { service: string; at: Date } & ({ roles: RoleMap } | { activeRegion: string });

export type AppliedChange = { service: string; from: RoleMap; to: RoleMap; at: string };

export type ChangeMeta = {
  cause: AssignmentCause;
  failoverRunId?: string | null;
  actor?: { id: string | null; name: string } | null;
  reason?: string | null;
  /** A person's record is refused (ConflictError) rather than adjusted when it would start before the last change or names a region that cannot take over. */
  strict?: boolean;
};

/** Serialises decisions about one service's roles across replicas (locks taken in name order: no deadlock). */
async function lockServices(tx: Tx, services: string[]): Promise<void> {
  for (const s of [...new Set(services)].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`topology:${s}`}))`;
}

/** The open rows of these services, locked for the rest of the caller's transaction. */
async function lockOpenRows(tx: Tx, services: string[]) {
  await lockServices(tx, services);
  await tx.$queryRaw`SELECT "id" FROM "RoleAssignment" WHERE "service" = ANY(${services}::text[]) AND "validTo" IS NULL FOR UPDATE`;
  return tx.roleAssignment.findMany({ where: { service: { in: services }, validTo: null }, select: { ...SELECT, id: true } });
}

/**
 * Records role changes inside the caller's transaction, on the service rows it locks: for each service
 * whose roles differ, its open rows close at `at` and the new roles open there. A change can never
 * start before the service's last one (it is moved up to it). A takeover by a region the service
 * does not run in (or shares: active-active) changes nothing. Returns what changed.
 */
export async function applyRoleChanges(tx: Tx, changes: RoleChange[], meta: ChangeMeta): Promise<AppliedChange[]> {
  if (changes.length === 0) return [];
  const open = await lockOpenRows(tx, changes.map((c) => c.service));
  const applied: AppliedChange[] = [];
  for (const change of changes) {
    const mine = open.filter((r) => r.service === change.service);
    const current: RoleMap = Object.fromEntries(mine.map((r) => [r.region, r.role as RoleMap[string]]));
    const roles = "roles" in change ? change.roles : withActiveRegion(current, change.activeRegion);
    const last = Math.max(0, ...mine.map((r) => r.validFrom.getTime()));
    if (meta.strict) {
      if (!roles) throw new ConflictError(`${change.service} cannot be recorded active in ${"activeRegion" in change ? change.activeRegion : "?"}: it holds ${describeRoles(current)}.`);
      if (change.at.getTime() < last) throw new ConflictError(`${change.service}'s roles last changed at ${new Date(last).toISOString()}; a record cannot start before that.`);
    }
    if (!roles || (mine.length > 0 && sameRoles(current, roles))) continue;
    const at = new Date(Math.max(change.at.getTime(), last));
    if (mine.length) await tx.roleAssignment.updateMany({ where: { id: { in: mine.map((r) => r.id) } }, data: { validTo: at } });
    await tx.roleAssignment.createMany({
      data: Object.entries(roles).map(([region, role]) => ({
        service: change.service,
        region,
        role,
        validFrom: at,
        cause: meta.cause,
        failoverRunId: meta.failoverRunId ?? null,
        actorId: meta.actor?.id ?? null,
        actorName: meta.actor?.name ?? null,
        reason: meta.reason ?? null,
      })),
    });
    applied.push({ service: change.service, from: current, to: roles, at: at.toISOString() });
  }
  return applied;
}

/** The roles each service's newest configuration rows recorded: what the file said when last seen. */
async function lastConfiguredRoles(tx: Tx): Promise<{ configured: Map<string, RoleMap>; known: Set<string> }> {
  const rows = await tx.roleAssignment.findMany({ where: { cause: "configuration" }, select: { service: true, region: true, role: true, validFrom: true } });
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.service, Math.max(latest.get(r.service) ?? 0, r.validFrom.getTime()));
  const configured = new Map<string, RoleMap>();
  for (const r of rows) {
    if (r.validFrom.getTime() !== latest.get(r.service)) continue;
    const m = configured.get(r.service) ?? {};
    m[r.region] = r.role as RoleMap[string];
    configured.set(r.service, m);
  }
  const known = new Set((await tx.roleAssignment.findMany({ distinct: ["service"], select: { service: true } })).map((r) => r.service));
  return { configured, known };
}

/**
 * Records the configuration's roles: once per service (when first seen), and again when the file's
 * roles for it change. A failover recorded since is not undone by a file that still says what it
 * said before: only an edit of the file counts as a new configured assignment.
 */
export async function syncConfiguredTopology(config: Pick<MeridianConfig, "systems">, at = new Date(), client: Db = db()): Promise<number> {
  return client.$transaction((tx) => syncConfiguredTopologyIn(tx, config, at), { timeout: 60_000 });
}

/** The sync inside a transaction the caller holds. */
async function syncConfiguredTopologyIn(tx: Tx, config: Pick<MeridianConfig, "systems">, at: Date): Promise<number> {
  const wanted = configuredRoles(config);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('topology:configuration'))`;
  const { configured, known } = await lastConfiguredRoles(tx);
  const fresh: Array<{ service: string; roles: RoleMap }> = [];
  const edited: RoleChange[] = [];
  for (const [service, roles] of wanted) {
    if (!known.has(service)) fresh.push({ service, roles });
    else if (!sameRoles(configured.get(service) ?? {}, roles)) edited.push({ service, roles, at });
  }
  const rows = fresh.flatMap(({ service, roles }) => Object.entries(roles).map(([region, role]) => ({ service, region, role, validFrom: at, cause: "configuration", reason: "initial assignment from the configuration" })));
  // One jsonb parameter, not createMany: 20 × 1,000 is 20,000 rows, and compiling them as Prisma
  // arguments blocked the event loop for seconds at start.
  if (rows.length) {
    await tx.$executeRaw`
      INSERT INTO "RoleAssignment" ("id", "service", "region", "role", "validFrom", "cause", "reason")
      SELECT gen_random_uuid()::text, r.service, r.region, r.role, (r."validFrom"::timestamptz AT TIME ZONE 'UTC'), r.cause, r.reason
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(service text, region text, role text, "validFrom" text, cause text, reason text)`;
  }
  const applied = await applyRoleChanges(tx, edited, { cause: "configuration", reason: "the configuration's roles changed" });
  return fresh.length + applied.length;
}

type Cache = { db: object | undefined; config: object; synced: Promise<unknown>; signature?: string; timeline?: TopologyTimeline };
const holder = globalThis as unknown as { meridianTopology?: Cache };

/** Syncs the configuration once per process, database and loaded configuration (a reload syncs again). */
export function ensureConfiguredTopology(config: MeridianConfig = getConfig()): Promise<unknown> {
  const h = holder.meridianTopology;
  if (h && h.db === dbIdentity() && h.config === config) return h.synced;
  // A decision reads on its own transaction only: it syncs there, and does not remember it (it may roll back).
  const decision = currentDecision();
  if (decision) return syncConfiguredTopologyIn(decision, config, new Date());
  const client = db();
  const synced = syncConfiguredTopology(config, new Date(), client).catch((error: unknown) => {
    // The next read tries again instead of remembering the failure.
    if (holder.meridianTopology?.synced === synced) holder.meridianTopology = undefined;
    throw error;
  });
  holder.meridianTopology = { db: dbIdentity(), config, synced };
  return synced;
}

/**
 * The recorded topology of every service as a timeline. Cheap when nothing changed: one aggregate
 * query decides whether the rows are read again.
 */
export async function loadTopologyTimeline(config: MeridianConfig = getConfig()): Promise<TopologyTimeline> {
  await ensureConfiguredTopology(config);
  const h = holder.meridianTopology;
  const [sig] = await reader().$queryRaw<Array<{ n: number; r: Date | null; c: Date | null }>>`
    SELECT count(*)::int AS n, max("recordedAt") AS r, max("validTo") AS c FROM "RoleAssignment"`;
  const signature = `${sig.n}|${sig.r?.toISOString() ?? ""}|${sig.c?.toISOString() ?? ""}`;
  if (h && h.config === config && h.db === dbIdentity() && h.signature === signature && h.timeline) return h.timeline;
  const rows: AssignmentRow[] = await reader().roleAssignment.findMany({ select: SELECT, orderBy: [{ service: "asc" }, { validFrom: "asc" }] });
  const timeline = buildTimeline(rows, configuredRoles(config), signature);
  if (h && h.config === config && h.db === dbIdentity()) Object.assign(h, { signature, timeline });
  return timeline;
}
