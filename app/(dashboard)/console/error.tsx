"use client";
import { PageError } from "@/components/shell/page-error";

export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="the console's state" error={error} reset={reset} />;
}
