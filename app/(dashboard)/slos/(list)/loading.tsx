import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="SLOs" loading="SLO compliance and error budgets" panels={["medium", "tall"]} />;
}
