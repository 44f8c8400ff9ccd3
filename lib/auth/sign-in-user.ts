import "server-only";
import { createHash } from "node:crypto";
import { Prisma, type User } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { classifyDbError } from "@/lib/db/errors";
import type { Role } from "./roles";
import { forgetActors } from "./actor-cache";

// A person is who their provider says they are: issuer + `sub` for OIDC (stable and unique by the
// spec), "demo|<name>" for the demo sign-ins. The username is only a label, and two providers'
// people may want the same one, so it is disambiguated rather than trusted as a key.

export type SignInIdentity = {
  /** "<issuer>|<sub>" or "demo|<name>". */
  subject: string;
  provider: "demo" | "oidc";
  /** The name the provider suggests (preferred_username, email, …); the stored one may carry a suffix. */
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
};

const MAX_USERNAME = 64;

export function oidcSubject(issuer: string, sub: string): string {
  return `${issuer}|${sub}`;
}

export function demoSubject(username: string): string {
  return `demo|${username}`;
}

function cleanUsername(name: string): string {
  return name.trim().replace(/\s+/g, " ").slice(0, MAX_USERNAME) || "user";
}

/** "alice~3f9a1c": the same person always gets the same suffix, so their label is stable too. */
function suffixed(base: string, subject: string, length: number): string {
  const hash = createHash("sha256").update(subject).digest("hex").slice(0, length);
  return `${base.slice(0, MAX_USERNAME - length - 1)}~${hash}`;
}

/** The wanted name when it is free (or already this row's), else the name with this subject's suffix. */
async function pickUsername(tx: Tx, wanted: string, subject: string, selfId: string | null): Promise<string> {
  const base = cleanUsername(wanted);
  for (const candidate of [base, suffixed(base, subject, 6), suffixed(base, subject, 16)]) {
    const holder = await tx.user.findUnique({ where: { username: candidate }, select: { id: true } });
    if (!holder || holder.id === selfId) return candidate;
  }
  throw new Error(`no free username for ${subject}`);
}

/**
 * The row of this person: by subject, else a row made before subjects existed (same provider and
 * username, and for OIDC the same email when one was stored), which is linked on save.
 */
export async function findSignInUser(identity: SignInIdentity, tx: Tx = db()): Promise<User | null> {
  const bySubject = await tx.user.findUnique({ where: { subject: identity.subject } });
  if (bySubject) return bySubject;
  const legacy = await tx.user.findFirst({ where: { subject: null, provider: identity.provider, username: cleanUsername(identity.username) } });
  if (!legacy) return null;
  // An old OIDC row is only claimed by the same name *and* email: the name alone was never a safe key.
  if (identity.provider === "oidc" && legacy.email !== null && legacy.email !== identity.email) return null;
  return legacy;
}

async function saveOnce(identity: SignInIdentity): Promise<User> {
  const user = await db().$transaction(async (tx) => {
    const existing = await findSignInUser(identity, tx);
    const username = await pickUsername(tx, identity.username, identity.subject, existing?.id ?? null);
    const data = { subject: identity.subject, username, displayName: identity.displayName, email: identity.email, role: identity.role, provider: identity.provider, lastSignInAt: new Date() };
    return existing ? tx.user.update({ where: { id: existing.id }, data }) : tx.user.create({ data });
  });
  // The role and name a sign-in brings apply at once on this replica, not after the actor cache's seconds.
  forgetActors();
  return user;
}

/** Creates or updates the person's row: role, labels and email follow the provider at every sign-in. */
export async function saveSignInUser(identity: SignInIdentity): Promise<User> {
  try {
    return await saveOnce(identity);
  } catch (error) {
    // A standby console's database is read-only: a person it already knows signs in as stored (the
    // role and labels follow the provider again on the primary); a first sign-in waits for one.
    if (classifyDbError(error) === "read-only") {
      const known = await findSignInUser(identity);
      if (known) return known;
      throw new Error("a first sign-in needs the primary console: this standby's database is read-only", { cause: error });
    }
    // Two first sign-ins at once (same subject, or two people after one free name): the loser retries and sees the winner's row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return saveOnce(identity);
    throw error;
  }
}
