import Link from "next/link";
import type { AuditEventDto } from "@/lib/audit/schemas";

/** The target as people know it, linking to its page, with the raw type:id underneath; the id alone when it no longer resolves. */
export function AuditTarget({ event }: { event: Pick<AuditEventDto, "targetType" | "targetId" | "targetLabel" | "targetHref"> }) {
  const raw = `${event.targetType}${event.targetId ? `:${event.targetId}` : ""}`;
  if (!event.targetLabel) return <div className="mono" style={{ overflowWrap: "anywhere" }} data-testid="audit-target-id">{raw}</div>;
  return (
    <div style={{ overflowWrap: "anywhere" }}>
      <div data-testid="audit-target-label">{event.targetHref ? <Link href={event.targetHref}>{event.targetLabel}</Link> : event.targetLabel}</div>
      <div className="mono small muted" data-testid="audit-target-id">{raw}</div>
    </div>
  );
}
