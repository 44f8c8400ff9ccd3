import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Replication" loading="links and failover readiness" panels={["chart", "tall"]} />;
}
