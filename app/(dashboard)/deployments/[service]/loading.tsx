import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Version history" loading="the service's versions per region" panels={["short", "medium", "tall"]} />;
}
