import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Failovers" loading="failover runs and the drill ledger" panels={["medium", "medium"]} />;
}
