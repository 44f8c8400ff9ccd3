import type { UserDto } from "./queries";

/** A person Settings lists: everyone seen in the database plus configured sign-ins not used yet. */
export type ListedUser = UserDto & { inDatabase: boolean };

/**
 * Users appear in the database only at their first sign-in, so the demo sign-ins are added from
 * their definition; a database row wins, since it carries the real role, status and last sign-in.
 */
export function mergeConfiguredUsers(rows: UserDto[], demoUsers: ReadonlyArray<{ username: string; displayName: string; role: string }>): ListedUser[] {
  const seen = new Set(rows.filter((r) => r.provider === "demo").map((r) => r.username));
  const notYet = demoUsers
    .filter((d) => !seen.has(d.username))
    .map((d): ListedUser => ({ id: `demo:${d.username}`, username: d.username, displayName: d.displayName, role: d.role, provider: "demo", disabled: false, lastSignInAt: null, inDatabase: false }));
  return [...rows.map((r) => ({ ...r, inDatabase: true })), ...notYet].sort((a, b) => a.username.localeCompare(b.username));
}
