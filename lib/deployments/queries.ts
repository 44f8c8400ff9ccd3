// STUB — owned by the inventory/versions work (issue 3), which replaces the bodies.
// The signature is the contract SLO charts (issue 5) and the incident timeline (issue 8) build on.

export type DeploymentEventDto = { service: string; region: string; version: string; previousVersion: string | null; at: string };

/** Deployments (version changes) in [from, to), oldest first, optionally for one service and region. */
export async function listDeploymentEvents(range: { from: Date; to: Date; service?: string; region?: string }): Promise<DeploymentEventDto[]> {
  void range;
  return [];
}
