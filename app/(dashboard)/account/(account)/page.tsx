import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listApiTokens } from "@/lib/auth/tokens";
import { TokenManager } from "@/components/settings/token-manager";
import { SlackLinks } from "@/components/account/slack-links";
import { listSlackIdentities } from "@/lib/integrations/slack/link-identity";
import { getSlackSettings } from "@/lib/integrations/slack/settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await requirePage("tokens.manage", "/account");
  const tokens = await listApiTokens(actor.id);
  const slackLinks = getSlackSettings() ? await listSlackIdentities(actor.id) : null;
  return (
    <>
      <PageHeader title="Account" subtitle={`${actor.displayName} (${actor.username}) · ${ROLE_LABELS[actor.role]}`} />
      <div className="grid">
        <section className="card" aria-labelledby="tokens-h">
          <h2 id="tokens-h">Personal API tokens</h2>
          <p className="muted small">A token acts as you for scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. Only its hash is stored; the secret is shown once.</p>
          <TokenManager tokens={tokens} />
        </section>
        {slackLinks && (
          <section className="card" aria-labelledby="slack-h">
            <h2 id="slack-h">Slack</h2>
            <p className="muted small">A linked Slack user approves and rejects as you from Meridian&apos;s Slack messages. Applies and failovers are still started here.</p>
            <SlackLinks links={slackLinks} />
          </section>
        )}
      </div>
    </>
  );
}
