import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Deployments" loading="the version matrix" panels={["strip", "tall"]} />;
}
