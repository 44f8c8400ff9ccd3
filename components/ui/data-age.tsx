"use client";
import { useEffect, useState } from "react";
import { formatUtc } from "@/lib/format";

function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s old`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min old`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h old` : `${Math.round(h / 24)} d old`;
}

/** Today's times as "12:03:04 UTC"; older ones with their date. */
function when(iso: string, now: number | null): string {
  return now !== null && now - Date.parse(iso) > 20 * 3_600_000 ? formatUtc(iso) : `${formatUtc(iso).slice(11, 19)} UTC`;
}

/** The small "as of 12:03:04 UTC · 12 s old" next to a number: when the data behind it was taken. */
export function DataAge({ iso, label = "as of" }: { iso: string | null; label?: string }) {
  const now = useNow();
  if (!iso) return <span className="small muted" data-testid="data-age">no data yet</span>;
  return (
    <span className="small muted" data-testid="data-age" title={formatUtc(iso)}>
      {label} <time dateTime={iso}>{when(iso, now)}</time>
      {now !== null && <> · {age(now - Date.parse(iso))}</>}
    </span>
  );
}

/** "since 12:03:04 UTC (4 min ago)": when a state began. */
export function Since({ iso, prefix = "since", color, testId, title }: { iso: string | null; prefix?: string; color?: string; testId?: string; title?: string }) {
  const now = useNow();
  return (
    <span className="small" style={color ? { color } : undefined} data-testid={testId} title={title}>
      {prefix} {iso ? <time dateTime={iso} title={formatUtc(iso)}>{when(iso, now)}{now !== null && ` (${age(now - Date.parse(iso)).replace(" old", " ago")})`}</time> : "ever"}
    </span>
  );
}

/** "no data since 12:03:04 UTC (4 min ago)" in the colour of trouble: the source feeding this missed its interval. */
export function NoDataSince({ iso, reason }: { iso: string | null; reason?: string | null }) {
  return <Since iso={iso} prefix="no data since" color="var(--bad)" testId="no-data-since" title={reason ?? undefined} />;
}
