import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Region" loading="clusters, capacity and services" panels={["short", "medium", "tall"]} />;
}
