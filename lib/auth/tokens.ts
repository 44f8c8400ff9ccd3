import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { getConfig } from "@/lib/config/store";
import { forgetActors } from "./actor-cache";
import { db } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import type { Actor } from "./actor";

const TOKEN_PREFIX = "mrd_";

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1, "Name the token").max(80),
    expiresInDays: z.number().int().min(1).max(365).optional(),
    workspace: z.string().trim().min(1).max(100).optional().describe("Restrict the token to one terraform workspace"),
  })
  .strict();
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const tokenIdParams = z.object({ id: z.string().min(1).max(64) });

// Response bodies (the OpenAPI document; lib/http/openapi.db.test.ts checks real answers against them).
export const listTokensResponse = z.object({
  tokens: z.array(z.object({ id: z.string(), name: z.string(), prefix: z.string(), workspace: z.string().nullable(), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })),
});
export const createTokenResponse = z.object({ id: z.string(), name: z.string(), prefix: z.string(), workspace: z.string().nullable(), expiresAt: z.string().nullable(), secret: z.string().describe("Shown once; only its SHA-256 is stored") });
export const revokeTokenResponse = z.object({ id: z.string(), revoked: z.literal(true) });

/** Tokens are managed from a signed-in session only; the route refuses tokens too (defence in depth). */
function assertSession(actor: Actor): void {
  if (actor.via !== "session") throw new ForbiddenError("API tokens may not create or revoke tokens; sign in to the console.");
}

/** The secret is returned once and only its SHA-256 is stored. */
export async function createApiToken(actor: Actor, input: CreateTokenBody, requestId?: string) {
  assertSession(actor);
  // A scope naming no configured workspace would be a token that silently can do nothing.
  if (input.workspace !== undefined && !getConfig().workspaces.some((w) => w.name === input.workspace)) {
    throw new ValidationError(`No terraform workspace named "${input.workspace}" is configured; a token can only be scoped to one that is.`, [{ path: "body.workspace", message: "unknown workspace" }]);
  }
  const secret = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name: input.name, tokenHash: hashToken(secret), prefix: secret.slice(0, 8), expiresAt, workspace: input.workspace ?? null },
    });
    await appendAuditEvent(tx, {
      actor: { id: actor.id, name: actor.username },
      action: "token.created",
      target: { type: "api-token", id: created.id },
      details: { name: input.name, workspace: input.workspace ?? null, expiresAt: expiresAt?.toISOString() ?? null },
      requestId,
    });
    return created;
  });
  return { id: token.id, name: token.name, prefix: token.prefix, workspace: token.workspace, expiresAt: token.expiresAt?.toISOString() ?? null, secret };
}

export async function revokeApiToken(actor: Actor, id: string, requestId?: string) {
  assertSession(actor);
  return db().$transaction(async (tx) => {
    // Scoped to the actor: nobody revokes (or learns about) someone else's token.
    const updated = await tx.apiToken.updateMany({ where: { id, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (updated.count === 0) throw new NotFoundError("No active token with that id.");
    await appendAuditEvent(tx, { actor: { id: actor.id, name: actor.username }, action: "token.revoked", target: { type: "api-token", id }, requestId });
    forgetActors();
    return { id, revoked: true };
  });
}

export async function listApiTokens(userId: string) {
  const rows = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    workspace: t.workspace,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

/** Resolves a bearer secret to its user, or null when unknown, revoked, expired or disabled. */
export async function resolveBearerToken(secret: string) {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashToken(secret) }, include: { user: true } });
  if (!token || token.revokedAt || token.user.disabled) return null;
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return null;
  // Best effort; a lost lastUsedAt update is harmless.
  void db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return token;
}
