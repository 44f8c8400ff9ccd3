import { ConflictError } from "@/lib/http/errors";
import { getDrillTargetRunbook, type RunbookConfig } from "@/lib/runbooks/config-schema";

/**
 * The runbook a failover or drill of this kind runs, for the preflight, the request, the start and
 * the run alike: the configured one, or for a drill against the drill target the one pointed there.
 * Fails closed when the runbook no longer declares a drill target (the configuration changed after
 * the request): such a drill never runs against production.
 */
export function resolveRunbookFor(configured: RunbookConfig, drillKind: string | null | undefined): { runbook: RunbookConfig; drillTarget: string | null } {
  if (drillKind !== "target") return { runbook: configured, drillTarget: null };
  const runbook = getDrillTargetRunbook(configured);
  if (!runbook) throw new ConflictError(`The ${configured.service} runbook declares no drill target any more; this drill does not run against production.`);
  return { runbook, drillTarget: configured.drillTarget?.name ?? null };
}
