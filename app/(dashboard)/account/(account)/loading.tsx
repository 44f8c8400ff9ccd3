import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Account" loading="your API tokens" panels={["medium"]} />;
}
