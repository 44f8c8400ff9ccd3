import type { ReactNode } from "react";

/**
 * terraform's own text, as it printed it: monospace, lines unwrapped, scrolling inside its own box so
 * a long line never makes the page scroll sideways. Text only, never HTML.
 */
export function RawOutput({ title, text, testId, defaultOpen = false, note }: { title: string; text: string; testId: string; defaultOpen?: boolean; note?: ReactNode }) {
  return (
    <details className="raw-output" open={defaultOpen} data-testid={`${testId}-panel`}>
      <summary>{title}</summary>
      {note}
      <pre className="raw-output" data-testid={testId}>{text}</pre>
    </details>
  );
}
