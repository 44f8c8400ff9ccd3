import { displayIssue, displayPath } from "@/lib/config/display-path";
import { getSloFileState } from "@/lib/slos/store";
import { formatUtc } from "@/lib/format";

/** Settings: which SLO file is in force, and why the last edit was refused, if it was. */
export function SloFileStatus() {
  const state = getSloFileState();
  return (
    <section className="card" aria-labelledby="slo-file-h" data-testid="slo-file-status">
      <h2 id="slo-file-h">SLO definitions</h2>
      {!state.file ? (
        <p className="muted">No SLO file is configured (slos: {"{ file: … }"} in the configuration).</p>
      ) : (
        <p>
          <span className="mono">{displayPath(state.file)}</span>: {state.definitions.length} SLOs in force
          {state.loadedAt ? `, loaded ${formatUtc(state.loadedAt.toISOString())}` : ""}. Edits are picked up within a few seconds.
        </p>
      )}
      {state.rejected && (
        <div className="alert bad" role="alert">
          <strong>The last edit of the SLO file was refused</strong> ({formatUtc(state.rejected.at.toISOString())});{" "}
          {state.loadedAt ? "the previous definitions stay in force." : "no SLO definitions are in force."}
          <ul>{state.rejected.issues.map((i) => displayIssue(i)).map((i, n) => <li key={n} className="mono">{i.file}{i.line ? `:${i.line}` : ""} {i.field}: {i.message}</li>)}</ul>
        </div>
      )}
      {state.warnings.length > 0 && (
        <div className="alert warn" role="status">
          Loaded, but these SLOs name what the configuration does not have (they will show no data from the demo fleet):
          <ul>{state.warnings.map((i) => displayIssue(i)).map((i, n) => <li key={n} className="mono">{i.field}: {i.message}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
