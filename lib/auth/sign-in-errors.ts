// What the sign-in page says for the `error` code in its URL. Only fixed sentences are shown: the
// code comes from the address bar, so nothing from it is echoed (the audit row has the details).

const MESSAGES: Record<string, string> = {
  "oidc-no-role": "You signed in with single sign-on, but your groups map to no Meridian role. Ask a Meridian administrator to map one of your groups (OIDC_ROLE_MAP).",
  "oidc-no-groups": "You signed in with single sign-on, but the provider sent no groups for you, so no Meridian role applies. Ask your identity administrator to release the groups claim to Meridian.",
  disabled: "Your Meridian user is disabled. Ask a Meridian administrator.",
  // next-auth's own codes.
  OAuthSignin: "Single sign-on could not start: the provider did not answer as expected. Try again; the server log has the reason.",
  OAuthCallback: "Single sign-on failed: the provider's answer could not be used. Try again; the server log has the reason.",
  Callback: "Single sign-on failed while signing you in. Try again; the server log has the reason.",
  AccessDenied: "Sign-in was refused.",
  SessionRequired: "Please sign in.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : "Sign-in failed. Try again; the server log has the reason.";
}
