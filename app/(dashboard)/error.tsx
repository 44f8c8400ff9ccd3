"use client";
import { PageError } from "@/components/shell/page-error";

// Any dashboard page without its own error state (a segment's error.tsx names what it reads).
export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="this page" error={error} reset={reset} />;
}
