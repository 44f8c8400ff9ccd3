import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Replication link" loading="the link's state and lag" panels={["medium", "chart"]} />;
}
