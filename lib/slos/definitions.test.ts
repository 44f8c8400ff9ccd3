import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/parse-config";
import type { MeridianConfig } from "@/lib/config/schema";
import { checkSloReferences, loadSloFile, parseSloFile, promDuration, queryForWindow } from "./definitions";

const DAY = 86_400_000;

const valid = `version: prometheus/v1
window: 28d
services:
  - service: leaderboard-api
    regions: [eu-west-1, us-east-1]
    slos:
      - name: requests-latency
        kind: latency
        threshold: 3s
        objective: 99
        minRequestRate: 0.5
        sli:
          events:
            good_query: sum(rate(h_bucket{region="{{.region}}",le="3"}[{{.window}}]))
            total_query: sum(rate(h_count{region="{{.region}}"}[{{.window}}]))
`;

function issuesOf(text: string) {
  try {
    parseSloFile(text, "slos.yaml");
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("SLO definitions", () => {
  it("expands one SLO per region with the region filled in and the window left for the provider", () => {
    const defs = parseSloFile(valid, "slos.yaml");
    expect(defs.map((d) => d.id)).toEqual(["leaderboard-api.requests-latency.eu-west-1", "leaderboard-api.requests-latency.us-east-1"]);
    expect(defs[1]).toMatchObject({ kind: "latency", objective: 99, windowMs: 28 * DAY, thresholdMs: 3000, minRequestRate: 0.5, region: "us-east-1" });
    expect(defs[1].query.good).toBe('sum(rate(h_bucket{region="us-east-1",le="3"}[{{.window}}]))');
    expect(queryForWindow(defs[1].query.total, "1h")).toBe('sum(rate(h_count{region="us-east-1"}[1h]))');
  });

  it("loads the shipped config/slos.yaml", () => {
    const defs = loadSloFile(path.resolve(__dirname, "../../config/slos.yaml"));
    expect(defs.length).toBeGreaterThanOrEqual(14);
    const lb = defs.find((d) => d.id === "leaderboard-api.requests-latency.eu-west-1");
    expect(lb).toMatchObject({ objective: 99, thresholdMs: 3000, windowMs: 28 * DAY });
    expect(defs.find((d) => d.service === "explorer")?.windowMs).toBe(30 * DAY);
  });

  it("names file, line and field for an objective outside (0, 100)", () => {
    const issues = issuesOf(valid.replace("objective: 99", "objective: 100"));
    expect(issues).toEqual([
      { file: "slos.yaml", line: 10, field: "services.0.slos.0.objective", message: expect.stringMatching(/below 100/) },
    ]);
    expect(issuesOf(valid.replace("objective: 99", "objective: 0"))[0].message).toMatch(/above 0/);
  });

  it("refuses unknown fields, bad windows, missing placeholders and both/neither query", () => {
    expect(issuesOf(valid.replace("        minRequestRate: 0.5\n", "        minRequestRate: 0.5\n        budget: 3\n"))[0]).toMatchObject({
      line: 12, // the unknown key's own line
      field: "services.0.slos.0.budget",
      message: expect.stringMatching(/budget/),
    });
    expect(issuesOf(valid.replace("window: 28d", "window: four weeks"))[0]).toMatchObject({ line: 2, field: "window", message: expect.stringMatching(/not a duration/) });
    expect(issuesOf(valid.replace('[{{.window}}]))\n            total', '[5m]))\n            total'))[0]).toMatchObject({
      field: "services.0.slos.0.sli.events.good_query",
      message: expect.stringMatching(/\{\{\.window\}\}/),
    });
    expect(issuesOf(valid.replace("good_query", "error_query: x[{{.window}}]\n            good_query"))[0].message).toMatch(/exactly one/);
    expect(issuesOf(valid.replace("        threshold: 3s\n", ""))[0]).toMatchObject({ field: "services.0.slos.0.threshold" });
    expect(issuesOf(valid.replace("version: prometheus/v1", "version: openslo/v1"))[0]).toMatchObject({ line: 1, field: "version" });
  });

  it("points at Sloth's raw SLIs with a reason", () => {
    const raw = valid.replace(/sli:\n[\s\S]*$/, "sli:\n          raw:\n            error_ratio_query: x[{{.window}}]\n");
    expect(issuesOf(raw)[0]).toMatchObject({ field: "services.0.slos.0.sli.raw", message: expect.stringMatching(/zero traffic/) });
  });

  it("reports services and regions the main configuration lacks", () => {
    const defs = parseSloFile(valid, "slos.yaml");
    const config = {
      systems: [{ id: "lb", name: "Leaderboard", team: "t", services: [{ id: "leaderboard-api", name: "API", team: "t", stateful: false, tier: "critical", regions: { "eu-west-1": "active" } }] }],
    } as unknown as MeridianConfig;
    expect(checkSloReferences(defs, config, "slos.yaml")).toEqual([
      { file: "slos.yaml", line: null, field: "services.leaderboard-api.regions", message: 'leaderboard-api does not run in "us-east-1"' },
    ]);
  });

  it("writes Prometheus durations", () => {
    expect([promDuration(28 * DAY), promDuration(6 * 3_600_000), promDuration(30 * 60_000), promDuration(90_000)]).toEqual(["28d", "6h", "30m", "90s"]);
  });
});
