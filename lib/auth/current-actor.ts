import "server-only";
import { createHash } from "node:crypto";
import { cache } from "react";
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db/client";
import type { Actor } from "./actor";
import { rememberActor, rememberSessionUser } from "./actor-cache";
import { getAuthOptions } from "./options";
import { isRole } from "./roles";
import { hashToken, resolveBearerToken } from "./tokens";

export async function actorFromUserId(userId: string): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user || user.disabled || !isRole(user.role)) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, via: "session" };
}

/**
 * The signed-in person of a page, or null. Cached per request: the layout and the page both ask,
 * and the session check plus user lookup should happen once.
 */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const cookie = await sessionCookie();
  if (!cookie) return null;
  const uid = await rememberSessionUser(createHash("sha256").update(cookie).digest("base64url"), async () => {
    const session = (await getServerSession(getAuthOptions())) as { uid?: string } | null;
    return session?.uid ?? null;
  });
  return uid ? rememberActor(`user:${uid}`, () => actorFromUserId(uid)) : null;
});

/** The session cookie as sent, whatever its prefix (__Secure- on https) and however next-auth chunked it (.0, .1, …); null without one. */
async function sessionCookie(): Promise<string | null> {
  const parts = (await cookies())
    .getAll()
    .filter((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(c.name))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  return parts.length ? parts.map((c) => `${c.name}=${c.value}`).join(";") : null;
}

/** A route handler's caller: a bearer token wins over the cookie session. */
export async function getRequestActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    const secret = match[1];
    return rememberActor(`token:${hashToken(secret)}`, async () => {
      const token = await resolveBearerToken(secret);
      if (!token || !isRole(token.user.role)) return null;
      return {
        id: token.user.id,
        username: token.user.username,
        displayName: token.user.displayName,
        role: token.user.role,
        via: "token",
        tokenId: token.id,
        tokenWorkspace: token.workspace,
      } satisfies Actor;
    });
  }
  return getSessionActor();
}
