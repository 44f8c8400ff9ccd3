import "server-only";
import { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Actor } from "@/lib/auth/actor";
import { db, reader, type Tx } from "@/lib/db/client";
import { SCENARIOS, type Scenario } from "./scenarios";
import { notifyDataChanged } from "@/lib/events/data-changed";

/**
 * A demo step moved a service: `region` took over at `at`. The simulated infrastructure's own log,
 * kept beside Meridian's record: a run that moves the fleet and then fails or dies leaves its moves
 * here (and the collector reports the difference), a succeeded run records the same instants.
 */
export const demoMoveSchema = z.object({ service: z.string(), region: z.string(), at: z.string() });
export type DemoMove = z.infer<typeof demoMoveSchema>;

/** What the demo fleet remembers between runs: the scenario and the moves its failover steps made. */
export const fleetStateSchema = z.object({
  scenario: z.enum(SCENARIOS),
  scenarioSince: z.string(),
  /** When the fleet was first loaded; time-anchored stories (the Leaderboard's bad deploy) hang off it. */
  anchor: z.string(),
  moves: z.array(demoMoveSchema).default([]),
});
export type FleetState = z.infer<typeof fleetStateSchema>;

export const FLEET_STATE_KEY = "demo.fleet";

export function initialFleetState(now = new Date()): FleetState {
  return { scenario: "steady", scenarioSince: now.toISOString(), anchor: now.toISOString(), moves: [] };
}

/**
 * The fleet's state. Written once, when the provider registry starts the demo (createFleetStateIfAbsent);
 * a read never writes: before that it answers the steady fleet as of now.
 */
export async function getFleetState(client: Tx = reader()): Promise<FleetState> {
  const row = await client.setting.findUnique({ where: { key: FLEET_STATE_KEY } });
  const parsed = fleetStateSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : initialFleetState();
}

/**
 * Creates the fleet's state when there is none. `created` is true for the one caller that did (several
 * processes may start at once: insert-if-absent, then read the winner); it writes the fleet's past.
 */
export async function createFleetStateIfAbsent(tx: Tx, now = new Date()): Promise<{ state: FleetState; created: boolean }> {
  const inserted = await tx.setting.createMany({ data: [{ key: FLEET_STATE_KEY, value: initialFleetState(now) }], skipDuplicates: true });
  const row = await tx.setting.findUniqueOrThrow({ where: { key: FLEET_STATE_KEY } });
  return { state: fleetStateSchema.parse(row.value), created: inserted.count === 1 };
}

export async function writeFleetState(tx: Tx, state: FleetState, by: string): Promise<void> {
  await tx.setting.upsert({
    where: { key: FLEET_STATE_KEY },
    create: { key: FLEET_STATE_KEY, value: state, updatedBy: by },
    update: { value: state, updatedBy: by },
  });
}

export const setScenarioBody = z.object({ scenario: z.enum(SCENARIOS) }).strict();

export async function setScenario(actor: Actor, scenario: Scenario, requestId?: string): Promise<FleetState> {
  const next = await db().$transaction(async (tx) => {
    const current = await getFleetState(tx);
    const next: FleetState = { ...current, scenario, scenarioSince: new Date().toISOString() };
    await writeFleetState(tx, next, actor.username);
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: "scenario.changed",
      target: { type: "demo-fleet", id: "scenario" },
      details: { from: current.scenario, to: scenario },
      requestId,
    });
    return next;
  });
  notifyDataChanged(`scenario ${scenario}`);
  return next;
}
