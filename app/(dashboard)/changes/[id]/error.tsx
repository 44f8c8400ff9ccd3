"use client";
import { PageError } from "@/components/shell/page-error";

export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="this change" error={error} reset={reset} />;
}
