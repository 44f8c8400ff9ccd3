import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, parseYamlWith } from "@/lib/config/parse-config";
import { configSchema } from "@/lib/config/schema";
import { getDrillTargetRunbook, getRunbookServices, getRunbookTargets, type RunbookConfig } from "./config-schema";
import { canonicalJson, getRunbookVersion } from "@/lib/failovers/runbook-version";

const demoText = readFileSync("config/demo.yaml", "utf8");
const demo = parseYamlWith(configSchema, demoText, "config/demo.yaml");

function problems(yaml: string): string[] {
  try {
    parseYamlWith(configSchema, yaml, "test.yaml");
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.field}: ${i.message}`);
    throw err;
  }
}

describe("runbook config", () => {
  it("loads the demo runbooks for the protected services, every one able to fail over to us-east-1 and back", () => {
    expect(demo.runbooks.map((r) => r.service)).toEqual(["leaderboard-api", "substrate-validator", "indexer-db", "multivac-mongodb", "api-gateway"]);
    for (const rb of demo.runbooks) expect(getRunbookTargets(rb)?.sort() ?? ["eu-west-1", "us-east-1"]).toEqual(["eu-west-1", "us-east-1"]);
    expect(getRunbookServices(demo.runbooks[0])).toEqual(["leaderboard-api", "leaderboard-db", "leaderboard-cache", "leaderboard-bff"]);
    const verify = demo.runbooks[0].steps.at(-1);
    expect(verify).toMatchObject({ type: "verify", healthyFor: 3000 });
  });

  it("rejects steps out of order, unknown regions, clusters in the wrong region and unknown services", () => {
    const withRunbook = (steps: string) => `${demoText.split("\nrunbooks:")[0]}\nrunbooks:\n  - service: leaderboard-api\n    steps:\n${steps}`;
    expect(problems(withRunbook("      - { type: verify, healthyFor: 1m }\n      - { type: precheck }\n"))).toContainEqual(expect.stringMatching(/precheck must be the first step/));
    expect(
      problems(withRunbook("      - { type: promote, method: rds-promote, replica: { us-east-1: a } }\n      - { type: wait-for-lag, maxLag: 5s }\n")),
    ).toContainEqual(expect.stringMatching(/wait-for-lag must come before promote/));
    const bad = problems(
      withRunbook(
        [
          "      - { type: promote, method: rds-promote, replica: { us-west-9: a }, services: [nope] }",
          "      - { type: scale, cluster: { us-east-1: apps-prod-euw1 }, workloads: [{ namespace: a, name: b, replicas: 2 }] }",
          "",
        ].join("\n"),
      ),
    );
    expect(bad).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown region "us-west-9"/),
        expect.stringMatching(/unknown service "nope"/),
        expect.stringMatching(/cluster "apps-prod-euw1" is in eu-west-1, not us-east-1/),
      ]),
    );
    // Field errors name the step and field (cross-references are checked once the shapes parse).
    expect(problems(withRunbook("      - { type: verify, healthyFor: soon }\n"))).toEqual(['runbooks.0.steps.0.healthyFor: "soon" is not a duration (use e.g. 30s, 5m, 6h, 28d)']);
    expect(problems(withRunbook("      - { type: shift-traffic, method: carrier-pigeon }\n")).join("\n")).toMatch(/runbooks.0.steps.0.method/);
  });

  it("versions a runbook by the SHA-256 of its canonical JSON", () => {
    const rb = demo.runbooks[0];
    const v = getRunbookVersion(rb);
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    // Key order does not matter; any edit does.
    const reordered: RunbookConfig = { steps: rb.steps, drillTarget: rb.drillTarget, drillMaxAge: rb.drillMaxAge, rpo: rb.rpo, rto: rb.rto, name: rb.name, service: rb.service };
    expect(getRunbookVersion(reordered)).toBe(v);
    const edited = structuredClone(rb);
    const verify = edited.steps.at(-1);
    if (verify?.type !== "verify") throw new Error("fixture");
    verify.healthyFor = 4000;
    expect(getRunbookVersion(edited)).not.toBe(v);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it("a drill target must say where every step that would change production acts instead", () => {
    const base = (drillTarget: string) =>
      `${demoText.split("\nrunbooks:")[0]}\nrunbooks:\n  - service: leaderboard-api\n    steps:\n      - { type: precheck }\n      - { type: freeze-writes }\n      - { type: promote, method: rds-promote, replica: { us-east-1: prod-use1, eu-west-1: prod-euw1 } }\n      - { type: verify, healthyFor: 1m }\n${drillTarget}`;
    // The freeze runs no command (nothing to point elsewhere); the promotion would touch production.
    expect(problems(base("    drillTarget: { name: staging }\n"))).toEqual(['runbooks.0.drillTarget.steps: step "Promote replica" would change production during a drill: say where it acts on staging']);
    expect(problems(base("    drillTarget: { name: staging, steps: { Promote replica: { replica: { us-east-1: 7 } } } }\n")).join("\n")).toMatch(/runbooks.0.drillTarget.steps.Promote replica.replica.us-east-1/);
    expect(problems(base("    drillTarget: { name: staging, steps: { Promote replica: { method: command } } }\n"))).toContainEqual(expect.stringMatching(/not its type or method/));
    expect(problems(base("    drillTarget: { name: staging, steps: { Promte replica: { replica: {} } } }\n"))).toContainEqual(expect.stringMatching(/no step named "Promte replica"/));
    const ok = parseYamlWith(configSchema, base("    drillTarget: { name: staging, steps: { Promote replica: { replica: { us-east-1: stage-use1, eu-west-1: stage-euw1 } } } }\n"), "t.yaml");
    const drill = getDrillTargetRunbook(ok.runbooks[0]);
    expect(drill?.steps[2]).toMatchObject({ type: "promote", method: "rds-promote", replica: { "us-east-1": "stage-use1" } });
    // Every demo runbook has one, and none of its drill steps points at a production resource.
    for (const rb of demo.runbooks) {
      const target = getDrillTargetRunbook(rb);
      expect(target, rb.service).not.toBeNull();
      rb.steps.forEach((step, i) => {
        if (step.type === "promote" || step.type === "scale" || step.type === "shift-traffic") expect(JSON.stringify(target!.steps[i]), `${rb.service} ${i}`).not.toBe(JSON.stringify({ ...step, name: target!.steps[i].name }));
      });
    }
  });
});
