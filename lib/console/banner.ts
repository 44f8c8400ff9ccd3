import "server-only";
import type { ConsoleState } from "./state";

/** The line every page of this console carries while it is not a plain primary with its database. */
export type ConsoleBanner = { tone: "warn" | "bad"; kind: "standby" | "superseded" | "no-database"; text: string; takeover: string | null };

const ago = (iso: string | null, now: number) => (iso ? `${Math.max(0, Math.round((now - Date.parse(iso)) / 1000))} s` : "unknown");

/** Null when there is nothing to say. `takeover` is the offer made to those who may take over. */
export function getConsoleBanner(s: ConsoleState, now = Date.now()): ConsoleBanner | null {
  if (s.database.state === "unreachable") {
    return { tone: "bad", kind: "no-database", text: `No database since ${s.database.since ?? "this console started"}: showing what this console last read; nothing can be decided here until it answers.`, takeover: null };
  }
  if (s.mode === "superseded" && s.supersededBy) {
    const by = s.supersededBy;
    return { tone: "bad", kind: "superseded", text: `This console was superseded by ${by.region ?? "another console"} at ${by.at}${by.by ? ` (takeover by ${by.by})` : ""}. It is read-only: use the console there.`, takeover: null };
  }
  if (s.mode === "standby") {
    const r = s.replica;
    const behind = r?.lagSeconds === null || r?.lagSeconds === undefined ? "lag unknown" : `${Math.round(r.lagSeconds)} s behind the primary`;
    const asOf = r?.replayedAt ?? "unknown";
    const primaryDark = r && !r.primaryReachable && !(s.peer?.reachable && s.peer.mode === "primary");
    const takeover = primaryDark ? `Primary unreachable since ${r.primaryLastSeenAt ?? "this console started"} (${ago(r.primaryLastSeenAt, now)} ago) — take over the console here.` : null;
    return { tone: primaryDark ? "bad" : "warn", kind: "standby", text: `Standby${s.region ? ` in ${s.region}` : ""} · read-only · data as of ${asOf} (${behind})${s.peer ? ` · the primary console is ${s.peer.url}` : ""}`, takeover };
  }
  return null;
}
