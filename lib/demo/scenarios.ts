export const SCENARIOS = ["steady", "eu-west-1-degraded", "eu-west-1-outage", "replication-stall", "cost-spike"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_INFO: Record<Scenario, { label: string; description: string }> = {
  steady: { label: "Steady", description: "Everything healthy; dormant replicas keep up." },
  "eu-west-1-degraded": {
    label: "eu-west-1 degraded",
    description: "Elevated errors and latency in eu-west-1; SLOs there burn at page level.",
  },
  "eu-west-1-outage": {
    label: "eu-west-1 outage",
    description: "eu-west-1 is down: its sources go dark, replication stops, failovers must accept data loss.",
  },
  "replication-stall": {
    label: "Replication stall",
    description: "One replication link stops replaying while lag grows.",
  },
  "cost-spike": { label: "Cost spike", description: "A service's spend in one region jumps fourfold." },
};

/** The region the outage and degradation scenarios hit. */
export const AFFECTED_REGION = "eu-west-1";

/**
 * `eu-west-1-degraded` rehearses a page that is already firing, as an incident commander meets it:
 * its elevated errors began this long before the switch, so the 1 h burn window is already full.
 */
export const DEGRADATION_LEAD_MS = 90 * 60_000;

/** When a scenario's effect on SLIs began. */
export function scenarioEffectStart(state: { scenario: Scenario; scenarioSince: string }): number {
  const since = Date.parse(state.scenarioSince);
  return state.scenario === "eu-west-1-degraded" ? since - DEGRADATION_LEAD_MS : since;
}
