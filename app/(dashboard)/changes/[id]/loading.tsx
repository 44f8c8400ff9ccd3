import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Change" loading="the plan, its policy and approvals" panels={["short", "medium", "tall"]} />;
}
