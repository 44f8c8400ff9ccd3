import type { getConfigState } from "@/lib/config/store";
import { displayIssue } from "@/lib/config/display-path";
import { formatUtc } from "@/lib/format";

/** The last edit of the configuration that was refused, issue by issue; the previous one stays in force. */
export function ConfigRejected({ rejected }: { rejected: NonNullable<ReturnType<typeof getConfigState>["rejected"]> }) {
  return (
    <div className="alert bad" role="alert">
      <strong>The last edit of the configuration was refused</strong> ({formatUtc(rejected.at.toISOString())}); the previous configuration stays in force.
      <ul>{rejected.issues.map((i) => displayIssue(i)).map((i, n) => <li key={n} className="mono">{i.file}{i.line ? `:${i.line}` : ""} {i.field}: {i.message}</li>)}</ul>
    </div>
  );
}
