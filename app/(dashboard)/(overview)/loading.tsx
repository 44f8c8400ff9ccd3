import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Overview" loading="region health, burning SLOs, readiness and the timeline" panels={["strip", "short", "medium", "tall"]} />;
}
