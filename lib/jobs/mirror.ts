import "server-only";
import { getConfig } from "@/lib/config/store";
import type { MeridianConfig } from "@/lib/config/schema";
import type { Tx } from "@/lib/db/client";
import { enqueueJob, type JobName } from "./enqueue";

/** What an outside tool mirrors: a change request or a failover run (audit target types). */
export type MirroredSubject = { type: "change" | "failover-run"; id: string };

type Integration = keyof NonNullable<MeridianConfig["integrations"]>;

/**
 * The jobs that bring an outside tool up to date with a subject's current state. Each job reads the
 * subject afresh and renders all of it, so a job that runs late or twice still shows the truth.
 */
const MIRRORS: ReadonlyArray<{ job: JobName; integration: Integration; subjects: ReadonlyArray<MirroredSubject["type"]> }> = [
  { job: "slack-sync", integration: "slack", subjects: ["change", "failover-run"] },
  // A change's check runs on its pull request (lib/integrations/github/sync-check.ts).
  { job: "github-check", integration: "github", subjects: ["change"] },
];

/** The job key and queue of one tool's sync of one subject. */
export function mirrorJobKey(job: JobName, subject: MirroredSubject): string {
  return `${job}:${subject.type}:${subject.id}`;
}

function isMirrored(target: { type: string; id?: string | null }): target is MirroredSubject {
  return (target.type === "change" || target.type === "failover-run") && typeof target.id === "string";
}

/**
 * Called for every successful audit event, in its transaction: whatever surface made the move (the
 * console, the API, a chat button, a pull request event), the mirrors hear of it when it commits,
 * and not before. One pending job per tool and subject: a burst of moves syncs once, from the newest state.
 */
export async function enqueueMirrors(tx: Tx, target: { type: string; id?: string | null }, config?: MeridianConfig): Promise<void> {
  if (!isMirrored(target) || MIRRORS.length === 0) return;
  const integrations = (config ?? getConfig()).integrations;
  if (!integrations) return;
  for (const m of MIRRORS) {
    if (!integrations[m.integration] || !m.subjects.includes(target.type)) continue;
    await enqueueMirrorSync(tx, m.job, target);
  }
}

/**
 * Queues one tool's sync of one subject (also for a sweep, or for when the tool said to come back).
 * Retried with graphile-worker's exponential backoff for about a day: an outage of the tool loses
 * nothing. One queue per tool and subject: two syncs of one subject never run at once (a second
 * would post twice).
 */
export async function enqueueMirrorSync(client: Tx, job: JobName, subject: MirroredSubject, runAt?: Date): Promise<void> {
  const key = mirrorJobKey(job, subject);
  await enqueueJob(client, job, { type: subject.type, id: subject.id }, { maxAttempts: 20, jobKey: key, queueName: key, runAt });
}
