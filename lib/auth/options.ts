import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAuditEvent } from "@/lib/audit/append-event";
import { isDemoMode } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { checkDemoPassword, DEMO_USERS } from "./demo-users";
import { safeCallbackPath } from "./safe-callback";
import { createOidcProvider, type OidcUser } from "./oidc-provider";
import { completeOidcSignIn, oidcSignInDetails } from "./oidc-sign-in";
import { isRole } from "./roles";
import { demoSubject, findSignInUser, saveSignInUser, type SignInIdentity } from "./sign-in-user";

/** Built per request: the demo provider exists only while the demo fleet is the data source. */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const providers: NextAuthOptions["providers"] = [];
  if (isDemoMode()) {
    providers.push(
      CredentialsProvider({
        id: "demo",
        name: "Demo sign-in",
        credentials: { username: { label: "User", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const username = String(credentials?.username ?? "").trim().slice(0, 64);
          const demo = DEMO_USERS.find((u) => u.username === username);
          if (!demo || !checkDemoPassword(String(credentials?.password ?? ""))) {
            await recordAuditEvent({ actor: { id: null, name: username || "(blank)" }, action: "auth.sign-in", target: { type: "user", id: username }, outcome: "failure", reason: "wrong user name or password" });
            return null;
          }
          // Keyed by subject like OIDC people, so an OIDC user who took the name "admin" is never this row.
          const identity: SignInIdentity = { subject: demoSubject(demo.username), provider: "demo", username: demo.username, displayName: demo.displayName, email: null, role: demo.role };
          const existing = await findSignInUser(identity);
          if (existing?.disabled) {
            await recordAuditEvent({ actor: { id: existing.id, name: existing.username }, action: "auth.sign-in", target: { type: "user", id: existing.username }, outcome: "denied", reason: "user is disabled" });
            return null;
          }
          const user = await saveSignInUser(identity);
          return { id: user.id, name: user.displayName, email: user.username };
        },
      }),
    );
  }
  const oidc = createOidcProvider(env);
  if (oidc) providers.push(oidc);
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    // Secure (and __Secure-prefixed) session cookies whenever the console's public URL is https;
    // the same rule next-auth's middleware uses to find the cookie (NEXTAUTH_URL), stated here.
    useSecureCookies: env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    pages: { signIn: "/sign-in" },
    providers,
    callbacks: {
      // Same-origin paths only: next-auth's default passes any path, and browsers read "/\evil.example" as "//evil.example".
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
      // Single sign-on decides here (refusals are audited and sent back to the sign-in page with why);
      // the demo provider has decided in authorize.
      async signIn({ user, account }) {
        return account?.provider === "oidc" ? completeOidcSignIn(user as OidcUser) : true;
      },
      async jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        // Role is read from the database on each request (lib/auth/current-actor.ts); only the id travels.
        return { ...session, uid: typeof token.uid === "string" ? token.uid : undefined };
      },
    },
    events: {
      async signIn({ user }) {
        const row = await db().user.findUnique({ where: { id: user.id } });
        if (row && isRole(row.role)) {
          await recordAuditEvent({ actor: { id: row.id, name: row.username }, action: "auth.sign-in", target: { type: "user", id: row.username }, details: { provider: row.provider, role: row.role, ...oidcSignInDetails(user) } });
        }
      },
    },
  };
}
