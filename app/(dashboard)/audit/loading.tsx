import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Audit log" loading="audit events" panels={["strip", "tall"]} />;
}
