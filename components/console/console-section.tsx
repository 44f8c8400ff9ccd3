import type { ConsoleState } from "@/lib/console/state";
import { describeDataLoss } from "@/lib/console/data-loss";
import { TakeoverForm } from "./takeover-form";

/** This console's own standby state: mode, epoch, its database's replica lag, and the takeover for those who may. */
export function ConsoleSection({ state, mayTakeOver }: { state: ConsoleState; mayTakeOver: boolean }) {
  const r = state.replica;
  const primaryAnswers = (r?.primaryReachable ?? false) || (state.peer?.reachable === true && state.peer.mode === "primary");
  return (
    <section className="card" aria-labelledby="console-h" id="console">
      <h2 id="console-h">This console</h2>
      <dl className="facts">
        <dt>Mode</dt>
        <dd data-testid="console-mode">{state.mode}{state.region ? ` in ${state.region}` : ""}</dd>
        <dt>Fencing epoch</dt>
        <dd>{state.epoch ? `${state.epoch.epoch} (since ${state.epoch.since}${state.epoch.by ? `, takeover by ${state.epoch.by}` : ""})` : "not read yet"}</dd>
        <dt>Database</dt>
        <dd>{state.database.state === "ok" ? "answers" : `no database since ${state.database.since ?? "start"}`}</dd>
        {state.peer && (
          <>
            <dt>Peer console</dt>
            <dd>{state.peer.url}: {state.peer.reachable ? `${state.peer.mode} in ${state.peer.region ?? "?"}, epoch ${state.peer.epoch ?? "?"}` : `not answering (${state.peer.error ?? "?"}) at ${state.peer.checkedAt}`}</dd>
          </>
        )}
        {r && (
          <>
            <dt>Replica of the primary&apos;s database</dt>
            <dd data-testid="replica-lag">data as of {r.replayedAt ?? "unknown"}; {r.lagSeconds === null ? "lag unknown" : `${r.lagSeconds.toFixed(1)} s`} / {r.lagBytes === null ? "? bytes" : `${r.lagBytes} bytes`} behind; primary {r.primaryReachable ? "answers" : `unreachable since ${r.primaryLastSeenAt ?? "start"}`}</dd>
          </>
        )}
      </dl>
      {state.mode === "standby" && mayTakeOver && (
        <>
          <p className="small">Taking over promotes this console&apos;s replica and raises the fencing epoch: the old primary refuses every decision once it is back. Would be lost: {describeDataLoss(state).note}.</p>
          <TakeoverForm primaryAnswers={primaryAnswers} />
        </>
      )}
    </section>
  );
}
