import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Regions" loading="region health and capacity" panels={["short", "chart"]} />;
}
