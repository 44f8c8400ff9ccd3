import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionActor } from "@/lib/auth/current-actor";
import { DEMO_USERS } from "@/lib/auth/demo-users";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { isDemoMode } from "@/lib/config/store";
import { getEnv } from "@/lib/env";
import { SignInForm } from "@/components/shell/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const env = getEnv();
  // Only same-origin paths: an open redirect after sign-in would be a phishing aid.
  const callbackUrl = safeCallbackPath(params.callbackUrl, env.NEXTAUTH_URL);
  if (await getSessionActor()) redirect(callbackUrl);
  const demo = isDemoMode();
  const oidc = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
  // A refused single sign-on comes back here with a code; say why rather than show the form again in silence.
  const refused = signInErrorMessage(typeof params.error === "string" ? params.error : undefined);
  return (
    <div className="signin">
      <div className="card">
        <h1>◐ Meridian</h1>
        <p className="subtitle">Sign in to the operations console.</p>
        {refused && <div role="alert" className="alert bad" data-testid="sign-in-refused">{refused}</div>}
        <SignInForm demo={demo} oidc={oidc} callbackUrl={callbackUrl} demoUsers={demo ? DEMO_USERS.map((u) => u.username) : []} />
      </div>
    </div>
  );
}
