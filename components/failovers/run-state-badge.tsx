import { StatusBadge } from "@/components/ui/badge";

/** A run, step or verdict state in words, with its colour from the one vocabulary. */
export function RunStateBadge({ state }: { state: string }) {
  return <StatusBadge status={state} />;
}
