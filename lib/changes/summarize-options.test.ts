import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { buildTimeline, configuredRoles, type AssignmentRow } from "@/lib/topology/timeline";
import { getSummarizeOptions } from "./summarize-options";

describe("blast radius: where a workspace's services are active", () => {
  it("uses the roles recorded at the plan's time, not the configuration's", () => {
    const config = loadConfigFile(path.resolve("config/demo.yaml"));
    setConfigForProcess(config);
    const ws = config.workspaces.find((w) => w.name === "leaderboard-eu-west-1")!;
    const failedOverAt = Date.parse("2026-01-10T10:00:00Z");
    const rows: AssignmentRow[] = ["leaderboard-api", "leaderboard-cache"].flatMap((service) => [
      { service, region: "eu-west-1", role: "active", validFrom: new Date(0), validTo: new Date(failedOverAt), cause: "configuration", failoverRunId: null, actorName: null, reason: null },
      { service, region: "us-east-1", role: "dormant", validFrom: new Date(0), validTo: new Date(failedOverAt), cause: "configuration", failoverRunId: null, actorName: null, reason: null },
      { service, region: "eu-west-1", role: "dormant", validFrom: new Date(failedOverAt), validTo: null, cause: "failover-run", failoverRunId: "r", actorName: null, reason: null },
      { service, region: "us-east-1", role: "active", validFrom: new Date(failedOverAt), validTo: null, cause: "failover-run", failoverRunId: "r", actorName: null, reason: null },
    ]);
    const timeline = buildTimeline(rows, configuredRoles(config));
    expect(getSummarizeOptions(ws, timeline, failedOverAt - 1).activeRegions).toEqual(["eu-west-1"]);
    expect(getSummarizeOptions(ws, timeline, failedOverAt + 1).activeRegions).toEqual(["us-east-1"]);
  });
});
