import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarizeConfig } from "./config-summary";
import { parseYamlWith } from "./parse-config";
import { configSchema } from "./schema";

const demo = parseYamlWith(configSchema, readFileSync("config/demo.yaml", "utf8"), "config/demo.yaml");

describe("the effective configuration as Settings shows it", () => {
  it("writes durations in words, never milliseconds", () => {
    const s = summarizeConfig(demo, (src) => 2 * src.interval);
    expect(s.sources[0]).toMatchObject({ name: "demo", interval: "30 s", timeout: "10 s", staleAfter: "60 s", staleAfterDerived: true });
    expect(s.workspaces[0]).toMatchObject({ name: "blockchain-eu-west-1", approvals: 2, approvalTtl: "24 h", sloGate: true });
    expect(s.runbooks[0]).toMatchObject({ service: "leaderboard-api", rto: "15 min", rpo: "30 s", drillMaxAge: "30 d" });
    expect(s.retention).toContainEqual({ key: "finishedPlans", keep: "90 d" });
    expect(s.links.find((l) => l.id === "indexer-db-euw1-use1")).toMatchObject({ rpo: "30 s", warning: "10 s", breach: "30 s", route: "eu-west-1 → us-east-1" });
    expect(JSON.stringify(s)).not.toMatch(/\b(30000|86400000|1800000)\b/);
  });

  it("groups clusters under their region and keeps secrets as references", () => {
    const withSecret = parseYamlWith(
      configSchema,
      `version: 1
regions: [{ id: eu-west-1, name: Ireland }]
clusters: [{ id: c1, region: eu-west-1 }]
sources:
  - { name: aws, kind: cost-explorer, interval: 6h, accessKeyId: env:AWS_KEY, secretAccessKey: env:AWS_SECRET, staleAfter: 1d }
`,
      "m.yaml",
    );
    const s = summarizeConfig(withSecret, (src) => src.staleAfter ?? 0);
    expect(s.regions[0].clusters.map((c) => c.id)).toEqual(["c1"]);
    expect(s.sources[0]).toMatchObject({ interval: "6 h", staleAfter: "24 h", staleAfterDerived: false, secrets: ["accessKeyId: env:AWS_KEY", "secretAccessKey: env:AWS_SECRET"] });
  });
});
