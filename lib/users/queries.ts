import "server-only";
import { db } from "@/lib/db/client";

export type UserDto = { id: string; username: string; displayName: string; role: string; provider: string; disabled: boolean; lastSignInAt: string | null };

export async function listUsers(): Promise<UserDto[]> {
  const rows = await db().user.findMany({ orderBy: { username: "asc" } });
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    provider: u.provider,
    disabled: u.disabled,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  }));
}
