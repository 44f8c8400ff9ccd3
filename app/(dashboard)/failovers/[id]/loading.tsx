import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Failover" loading="the run, its approvals and steps" panels={["short", "tall"]} />;
}
