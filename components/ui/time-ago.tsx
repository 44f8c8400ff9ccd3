"use client";
import { useEffect, useState } from "react";
import { formatAge, formatUtc } from "@/lib/format";


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
