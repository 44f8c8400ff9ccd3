import { Suspense, type ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";

export type SkeletonSize = "strip" | "short" | "medium" | "tall" | "chart";

/** A panel's place while it loads: the size of what comes, and its name for screen readers. */
export function Skeleton({ size, label, className }: { size: SkeletonSize; label: string; className?: string }) {
  return <div className={`card skeleton skeleton-${size}${className ? ` ${className}` : ""}`} role="status" aria-busy="true" aria-label={`Loading ${label}`} />;
}

/**
 * A page's frame while its data loads (a segment's loading.tsx): the title at once, and a skeleton
 * that says what is loading, so a navigation never looks frozen.
 */
export function PageLoading({ title, loading, panels = ["short", "tall"] }: { title: string; loading: string; panels?: SkeletonSize[] }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" data-testid="page-loading">
      <PageHeader title={title} subtitle={`Loading ${loading}…`} />
      <div className="grid">
        {panels.map((size, i) => <div key={i} className={`card skeleton skeleton-${size}`} aria-hidden="true" />)}
      </div>
    </div>
  );
}

/** A panel that streams in on its own, with its skeleton until then. */
export function StreamedPanel({ size, label, children }: { size: SkeletonSize; label: string; children: ReactNode }) {
  return <Suspense fallback={<Skeleton size={size} label={label} />}>{children}</Suspense>;
}
