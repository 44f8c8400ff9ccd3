import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Settings" loading="sources, users and the configuration" panels={["medium", "medium", "tall"]} />;
}
