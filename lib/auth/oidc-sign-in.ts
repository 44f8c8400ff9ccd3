import { recordAuditEvent } from "@/lib/audit/append-event";
import type { OidcIdentity, OidcUser } from "./oidc-provider";
import { findSignInUser, saveSignInUser, type SignInIdentity } from "./sign-in-user";

// The signIn callback for single sign-on: the provider has vouched for the person; this decides
// whether they may enter, stores them under their subject, and audits a refusal with its reason.

/** Codes the sign-in page turns into a sentence (lib/auth/sign-in-errors.ts). */
export type SignInRefusalCode = "oidc-no-groups" | "oidc-no-role" | "disabled";

export function signInRefusalUrl(code: SignInRefusalCode): string {
  return `/sign-in?error=${code}`;
}

function auditDetails(oidc: OidcIdentity) {
  return { provider: "oidc", subject: oidc.subject, groupsClaim: oidc.groupsClaim, groups: oidc.groups, groupsFrom: oidc.groupsFrom, ...(oidc.userinfoError ? { userinfoError: oidc.userinfoError } : {}) };
}

/**
 * true to let the person in (and `user.id` becomes their row's id), or the sign-in page URL with
 * the refusal's code. next-auth hands this same `user` object to the jwt callback; should that
 * ever change, the token would carry the subject, which matches no row: signed out, not let in.
 */
export async function completeOidcSignIn(user: OidcUser): Promise<true | string> {
  const { oidc } = user;
  const identity: SignInIdentity = { subject: oidc.subject, provider: "oidc", username: oidc.username, displayName: oidc.displayName, email: oidc.email, role: oidc.role ?? "viewer" };
  const existing = await findSignInUser(identity);
  const actor = { id: existing?.id ?? null, name: existing?.username ?? oidc.username };
  const target = { type: "user", id: existing?.username ?? oidc.username };
  if (oidc.refusal || !oidc.role) {
    const refusal = oidc.refusal ?? { code: "oidc-no-role" as const, reason: "your groups map to no Meridian role" };
    await recordAuditEvent({ actor, action: "auth.sign-in", target, outcome: "denied", reason: refusal.reason, details: auditDetails(oidc) });
    return signInRefusalUrl(refusal.code);
  }
  if (existing?.disabled) {
    await recordAuditEvent({ actor, action: "auth.sign-in", target, outcome: "denied", reason: "user is disabled", details: auditDetails(oidc) });
    return signInRefusalUrl("disabled");
  }
  const row = await saveSignInUser(identity);
  user.id = row.id;
  return true;
}

/** Extra details for the success audit row of an OIDC sign-in (where the groups came from). */
export function oidcSignInDetails(user: unknown): Record<string, unknown> {
  const oidc = (user as Partial<OidcUser> | null)?.oidc;
  return oidc ? { subject: oidc.subject, groupsFrom: oidc.groupsFrom, groups: oidc.groups } : {};
}
