"use client";
import { PageError } from "@/components/shell/page-error";

export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="your account" error={error} reset={reset} />;
}
