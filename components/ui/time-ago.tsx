"use client";
import { useEffect, useState } from "react";

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

export function formatUtc(iso: string): string {
  return iso.replace("T", " ").slice(0, 19) + " UTC";
}

/** UTC time with a relative age that keeps itself current. */
export function TimeAgo({ iso }: { iso: string | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {now === null ? formatUtc(iso) : formatAge(now - Date.parse(iso))}
    </time>
  );
}
