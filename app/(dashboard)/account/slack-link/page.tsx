import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";
import { NotFoundError } from "@/lib/http/errors";
import { getLinkOffer } from "@/lib/integrations/slack/link-identity";
import { getSlackSettings } from "@/lib/integrations/slack/settings";
import { ConfirmSlackLink } from "@/components/account/slack-links";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Link Slack" };
export const dynamic = "force-dynamic";

export default async function SlackLinkPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const actor = await requirePage("tokens.manage", `/account/slack-link${token ? `?token=${encodeURIComponent(token)}` : ""}`);
  if (!getSlackSettings()) notFound();
  let offer: Awaited<ReturnType<typeof getLinkOffer>> | null = null;
  try {
    offer = token ? await getLinkOffer(token) : null;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return (
    <>
      <PageHeader title="Link Slack" subtitle={`Signed in as ${actor.displayName} (${actor.username})`} />
      <section className="card">
        {offer && token ? (
          <ConfirmSlackLink token={token} slackUser={offer.slackUserName} team={offer.teamName ? `${offer.teamName} (${offer.teamId})` : offer.teamId} account={actor.username} />
        ) : (
          <p role="alert">This link has expired or was already used: click Approve in Slack again for a new one.</p>
        )}
      </section>
    </>
  );
}
