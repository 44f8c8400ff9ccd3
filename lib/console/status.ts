import "server-only";
import { z } from "zod";
import { getConsoleState } from "./state";

// What another console (and anyone) may know of this one: no data, no names beyond the takeover's.
export const consoleStatusResponse = z.object({
  mode: z.enum(["primary", "standby", "superseded"]),
  region: z.string().nullable(),
  epoch: z.number().nullable(),
  since: z.string().nullable(),
  database: z.enum(["ok", "unreachable"]),
});

/** As last observed (every 2 s): two consoles asking each other never wait on each other's look. */
export async function getConsoleStatus(): Promise<z.infer<typeof consoleStatusResponse>> {
  const s = getConsoleState();
  return { mode: s.mode, region: s.region, epoch: s.epoch?.epoch ?? null, since: s.epoch?.since ?? null, database: s.database.state };
}
