/** Runs executing in this process, each with the controller that aborts it (kept across hot reloads). */
const holder = globalThis as unknown as { meridianRunningFailovers?: Map<string, { controller: AbortController; finished: Promise<unknown> }> };

export function runningFailovers(): Map<string, { controller: AbortController; finished: Promise<unknown> }> {
  holder.meridianRunningFailovers ??= new Map();
  return holder.meridianRunningFailovers;
}
