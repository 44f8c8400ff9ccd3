import type { ApiOperation } from "@/lib/http/openapi";
import { setScenarioBody } from "./state";

/** /api/v1/scenario: the demo fleet's scenario switch. */
export const scenarioOperations: ApiOperation[] = [
  { method: "get", path: "/api/v1/scenario", summary: "The demo fleet's scenario", permission: "dashboard.read" },
  { method: "put", path: "/api/v1/scenario", summary: "Switch the demo fleet's scenario", permission: "scenarios.write", body: setScenarioBody },
];
