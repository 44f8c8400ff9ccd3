import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Link Slack" loading="the link offer" panels={["short"]} />;
}
