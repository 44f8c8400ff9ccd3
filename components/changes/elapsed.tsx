"use client";
import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/config/duration";

/** A running phase's duration: the server's figure first, then time since `since`, every second. */
export function Elapsed({ since, initialMs }: { since: string; initialMs: number }) {
  const [ms, setMs] = useState(initialMs);
  useEffect(() => {
    const start = Date.parse(since);
    const t = setInterval(() => setMs(Math.max(0, Date.now() - start)), 1000);
    return () => clearInterval(t);
  }, [since]);
  return <span data-testid="elapsed">{formatDuration(ms)}</span>;
}
