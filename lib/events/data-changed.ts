/**
 * "Something pages show has changed": raised by collections, failovers, applies, scenario switches
 * and config reloads; the composition root (lib/server/start-background-work.ts) subscribes the
 * read-model refresher. Domains raise it without knowing who listens.
 */
type Listener = (reason: string) => void;
const holder = globalThis as unknown as { meridianDataChanged?: Set<Listener> };
const listeners = () => (holder.meridianDataChanged ??= new Set());

export function onDataChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function notifyDataChanged(reason: string): void {
  for (const l of listeners()) {
    try {
      l(reason);
    } catch {
      // A listener's failure is its own; the change already happened.
    }
  }
}
