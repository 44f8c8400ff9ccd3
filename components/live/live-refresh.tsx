"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { TimeAgo } from "@/components/ui/time-ago";

/**
 * Keeps a server-rendered page current while it is open: polls /api/v1/live every few seconds (the
 * browser revalidates with If-None-Match, so an unchanged answer is a 304 of a few bytes) and
 * re-renders the page's server components when the data version moves. Pauses in hidden tabs.
 * `version` is what the server read before rendering: the first poll already refreshes a page
 * whose data moved while it was being rendered or loaded. The version moves when what the page shows
 * does, not on every collection (lib/live/data-version.ts): the times on the page are those of its
 * render, and the indicator says when the console last collected, so a page that stays the same is
 * seen to be checked.
 */
export function LiveRefresh({ version, everyMs = 5_000 }: { version: string; everyMs?: number }) {
  const router = useRouter();
  const seen = useRef<string>(version);
  // A refreshed render brings the version it was rendered at.
  useEffect(() => {
    seen.current = version;
  }, [version]);
  const [state, setState] = useState<"live" | "offline">("live");
  const [collectedAt, setCollectedAt] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (document.hidden) return;
      try {
        const res = await fetch("/api/v1/live", { cache: "no-cache", headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const { version, collectedAt } = (await res.json()) as { version: string; collectedAt: string | null };
        if (stopped) return;
        setState("live");
        setCollectedAt(collectedAt);
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
      {state === "live" ? (
        <>
          ● live{collectedAt && <span className="muted"> · collected <TimeAgo iso={collectedAt} /></span>}
        </>
      ) : (
        "○ offline — showing last known data"
      )}
    </span>
  );
}
