import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listApiTokens } from "@/lib/auth/tokens";
import { TokenManager } from "@/components/settings/token-manager";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await requirePage("tokens.manage", "/account");
  const tokens = await listApiTokens(actor.id);
  return (
    <>
      <PageHeader title="Account" subtitle={`${actor.displayName} (${actor.username}) · ${ROLE_LABELS[actor.role]}`} />
      <section className="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">Personal API tokens</h2>
        <p className="muted small">A token acts as you for scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. Only its hash is stored; the secret is shown once.</p>
        <TokenManager tokens={tokens} />
      </section>
    </>
  );
}
