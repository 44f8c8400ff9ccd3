import { z } from "zod";
import { isDemoMode } from "@/lib/config/store";
import { SCENARIO_INFO } from "@/lib/demo/scenarios";
import { getFleetState, setScenario, setScenarioBody } from "@/lib/demo/state";
import { ConflictError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const fleetState = z.looseObject({ scenario: z.string(), scenarioSince: z.string(), anchor: z.string() });
const scenarioResponse = z.object({ demo: z.boolean(), state: fleetState.nullable(), scenarios: z.record(z.string(), z.object({ label: z.string(), description: z.string() })) });
const setScenarioResponse = z.object({ state: fleetState });

export const GET = route({
  summary: "The demo fleet's scenario",
  response: scenarioResponse,
  permission: "dashboard.read",
  handler: async () => ({ demo: isDemoMode(), state: isDemoMode() ? await getFleetState() : null, scenarios: SCENARIO_INFO }),
});

export const PUT = route({
  summary: "Switch the demo fleet's scenario",
  response: setScenarioResponse,
  permission: "scenarios.write",
  body: setScenarioBody,
  handler: async ({ actor, body, requestId }) => {
    if (!isDemoMode()) throw new ConflictError("Scenarios exist only while the demo fleet is the data source.");
    return { state: await setScenario(actor, body.scenario, requestId) };
  },
});

export const { POST, DELETE, PATCH, OPTIONS } = otherMethods("GET", "PUT");
