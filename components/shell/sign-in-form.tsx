"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function SignInForm({ demo, oidc, callbackUrl, demoUsers }: { demo: boolean; oidc: boolean; callbackUrl: string; demoUsers: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("demo", { username: form.get("username"), password: form.get("password"), redirect: false });
    setPending(false);
    if (!result || result.error) {
      setError("Wrong user name or password.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="form" style={{ marginTop: 16 }}>
      {oidc && (
        <button type="button" className="btn primary" onClick={() => signIn("oidc", { callbackUrl })}>
          Sign in with single sign-on
        </button>
      )}
      {demo && (
        <form className="form" onSubmit={onSubmit} aria-label="Demo sign-in">
          <label>
            User name
            <input name="username" autoComplete="username" required autoFocus list="demo-users" />
          </label>
          <datalist id="demo-users">{demoUsers.map((u) => <option key={u} value={u} />)}</datalist>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          {error && <div role="alert" className="alert bad">{error}</div>}
          <button className="btn primary" type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
          <p className="muted small">Demo users: {demoUsers.join(", ")} — password <code>demo</code>.</p>
        </form>
      )}
      {!demo && !oidc && <div className="alert warn">No sign-in method is configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.</div>}
    </div>
  );
}
