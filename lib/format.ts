/** "2026-11-22 12:40:48 UTC": the console shows every absolute time in UTC. */
export function formatUtc(iso: string): string {
  return iso.replace("T", " ").slice(0, 19) + " UTC";
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
