"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/**
 * Keeps a server-rendered page current while it is open: polls /api/v1/live every few seconds (the
 * browser revalidates with If-None-Match, so an unchanged answer is a 304 of a few bytes) and
 * re-renders the page's server components when the data version moves. Pauses in hidden tabs.
 * `version` is what the server read before rendering: the first poll already refreshes a page
 * whose data moved while it was being rendered or loaded.
 */
export function LiveRefresh({ version, everyMs = 5_000 }: { version: string; everyMs?: number }) {
  const router = useRouter();
  const seen = useRef<string>(version);
  // A refreshed render brings the version it was rendered at.
  useEffect(() => {
    seen.current = version;
  }, [version]);
  const [state, setState] = useState<"live" | "offline">("live");
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (document.hidden) return;
      try {
        const res = await fetch("/api/v1/live", { cache: "no-cache", headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const { version } = (await res.json()) as { version: string };
        if (stopped) return;
        setState("live");
        if (seen.current !== version) {
          seen.current = version;
          router.refresh();
        }
      } catch {
        if (!stopped) setState("offline");
      }
    };
    void tick();
    const timer = setInterval(tick, everyMs);
    const onVisible = () => void (document.hidden ? undefined : tick());
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [everyMs, router]);
  return (
    <span className={`live-indicator ${state}`} data-testid="live-indicator" title={state === "live" ? "This page updates itself" : "Cannot reach the console: the page shows what it last knew"}>
      {state === "live" ? "● live" : "○ offline — showing last known data"}
    </span>
  );
}
