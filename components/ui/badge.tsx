import type { ReactNode } from "react";
import { toneOf, type Tone } from "./tone";

export type { Tone } from "./tone";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return <span className={`badge ${tone}`} title={title}>{children}</span>;
}

/** A status word with the colour people expect for it (components/ui/tone.ts); the word is always shown, never colour alone. */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return <Badge tone={toneOf(status)} title={title}>{status}</Badge>;
}
