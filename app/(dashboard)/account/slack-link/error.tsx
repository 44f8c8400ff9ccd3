"use client";
import { PageError } from "@/components/shell/page-error";

export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="the Slack link" error={error} reset={reset} />;
}
