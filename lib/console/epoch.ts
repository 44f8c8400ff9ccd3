import "server-only";
import { z } from "zod";

// The fencing epoch: which console decides. It is a row of the database (Setting "console.epoch"),
// raised by one at every takeover, so a console on the promoted replica holds a higher epoch than
// the one it took over from. "console.fence" is written by the new primary into the old primary's
// database when that comes back: every decision there then refuses, whatever its console believes.

export const EPOCH_KEY = "console.epoch";
export const FENCE_KEY = "console.fence";

export const consoleEpochSchema = z.object({
  epoch: z.number().int().min(1),
  region: z.string().nullable(),
  since: z.string(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ConsoleEpoch = z.infer<typeof consoleEpochSchema>;

export const consoleFenceSchema = z.object({ epoch: z.number().int().min(2), region: z.string().nullable(), at: z.string(), by: z.string().nullable() });
export type ConsoleFence = z.infer<typeof consoleFenceSchema>;

/** A database never taken over is at epoch 1, held by whoever runs on it. */
export function readEpoch(value: unknown): ConsoleEpoch {
  const parsed = consoleEpochSchema.safeParse(value);
  return parsed.success ? parsed.data : { epoch: 1, region: null, since: new Date(0).toISOString(), by: null, reason: null };
}

export function readFence(value: unknown): ConsoleFence | null {
  const parsed = consoleFenceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** PostgreSQL's "X/Y" log position as a number of bytes. */
export function lsnBytes(lsn: string | null | undefined): bigint | null {
  const m = lsn ? /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}
