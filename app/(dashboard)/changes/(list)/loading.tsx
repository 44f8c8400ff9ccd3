import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Changes" loading="change requests" panels={["strip", "tall"]} />;
}
