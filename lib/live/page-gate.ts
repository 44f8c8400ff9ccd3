import "server-only";
import { randomBytes } from "node:crypto";
import { rememberActor } from "@/lib/auth/actor-cache";
import { actorFromUserId } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { getRecentDataVersion } from "@/lib/live/data-version";
import { dropCachedPages, registerPageGate } from "@/lib/live/page-cache";
import { onRecentReadsDropped } from "@/lib/live/recently";

/**
 * Lets the proxy serve shared copies of the overview and the live pages (lib/live/page-cache.ts) with the app's own
 * answers: who the session's user is now (the same 5 s actor cache every page uses, so a disabled
 * user or a role change takes effect as fast as anywhere else) and the data version (read at most
 * once a second per process, at once after a change this process made).
 */
export function registerOverviewPageGate(): void {
  const port = getEnv().PORT;
  if (!port) return;
  // Copies of an older version are never served (the version is in their key); this frees them at once.
  onRecentReadsDropped(dropCachedPages);
  registerPageGate({
    async roleOf(userId) {
      const actor = await rememberActor(`user:${userId}`, () => actorFromUserId(userId));
      return actor && can(actor.role, "dashboard.read") ? actor.role : null;
    },
    version: async () => (await getRecentDataVersion()).version,
    selfOrigin: `http://127.0.0.1:${port}`,
    renderSecret: randomBytes(24).toString("base64url"),
  });
}
