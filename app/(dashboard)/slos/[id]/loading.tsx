import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="SLO" loading="the SLI, error budget and burn rates" panels={["short", "chart", "medium"]} />;
}
