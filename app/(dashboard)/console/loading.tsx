import { PageLoading } from "@/components/shell/page-loading";

export default function SegmentLoading() {
  return <PageLoading title="Console" loading="the console's state" panels={["medium"]} />;
}
