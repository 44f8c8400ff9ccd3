import "server-only";
import type { Tx } from "@/lib/db/client";
import { ConflictError, ServiceUnavailableError } from "@/lib/http/errors";
import { EPOCH_KEY, FENCE_KEY, readEpoch, readFence } from "./epoch";
import { freshConsoleState, type ConsoleState } from "./state";

/** Why this console may not decide now, as the error its caller gets; null when it may. */
export function consoleRefusal(s: ConsoleState): ConflictError | ServiceUnavailableError | null {
  if (s.mode === "standby") {
    const where = s.peer?.url ?? null;
    return new ServiceUnavailableError(`This is the standby console${s.region ? ` in ${s.region}` : ""}: it is read-only. Decide on the primary console${where ? ` at ${where}` : ""}.`, { consoleMode: "standby", primaryConsole: where });
  }
  if (s.mode === "superseded" && s.supersededBy) {
    const by = s.supersededBy;
    return new ConflictError(`This console was superseded by ${by.region ?? "another console"} at ${by.at}${by.by ? ` (takeover by ${by.by})` : ""}: it accepts no decisions. Use the console there.`, { consoleMode: "superseded", supersededBy: by });
  }
  return null;
}

/** Refuses a decision on a standby or superseded console, looking again first when the last look is old. */
export async function assertConsoleDecides(): Promise<void> {
  const refusal = consoleRefusal(await freshConsoleState());
  if (refusal) throw refusal;
}

/**
 * The same inside a decision's transaction, from its own database: a database the new primary
 * fenced refuses even when this console has not noticed yet.
 */
export async function assertNotFenced(tx: Tx): Promise<void> {
  const rows = await tx.setting.findMany({ where: { key: { in: [EPOCH_KEY, FENCE_KEY] } } });
  const epoch = readEpoch(rows.find((r) => r.key === EPOCH_KEY)?.value);
  const fence = readFence(rows.find((r) => r.key === FENCE_KEY)?.value);
  if (fence && fence.epoch > epoch.epoch) {
    throw new ConflictError(`This console was superseded by ${fence.region ?? "another console"} at ${fence.at}${fence.by ? ` (takeover by ${fence.by})` : ""}: it accepts no decisions. Use the console there.`, { consoleMode: "superseded", supersededBy: fence });
  }
}
