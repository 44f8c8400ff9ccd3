import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Costs" loading="cost data" panels={["strip", "short", "chart"]} />;
}
