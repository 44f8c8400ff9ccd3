import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/require-page";
import { getLinkDetail } from "@/lib/replication/queries";
import { linkParams, linkSeriesQuery } from "@/lib/replication/schemas";
import { LinkLagSection, LinkNow } from "@/components/replication/link-detail";
import { FreshnessNotice } from "@/components/ui/freshness-notice";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Replication link" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ link: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LinkPage({ params, searchParams }: Props) {
  const [raw, sp] = await Promise.all([params, searchParams]);
  await requirePage("dashboard.read", `/replication/${raw.link}`);
  const p = linkParams.safeParse(raw);
  if (!p.success) notFound();
  const q = linkSeriesQuery.safeParse({ range: typeof sp.range === "string" ? sp.range : undefined });
  const range = q.success ? q.data.range : "1h";
  const d = await getLinkDetail(p.data.link, range);
  if (!d) notFound();
  return (
    <>
      <PageHeader
        title={d.link.name}
        subtitle={<>configured as <span className="mono">{d.link.linkId}</span> · {d.link.engine} · <Link href="/replication">all links</Link></>}
      />
      <FreshnessNotice freshness={d.freshness} />
      <div className="grid">
        <LinkNow d={d} />
        <LinkLagSection d={d} range={range} end={Date.now()} />
      </div>
    </>
  );
}
