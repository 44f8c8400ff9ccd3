import { describe, expect, it } from "vitest";
import { ConfigError, parseYamlWith } from "./parse-config";
import { configSchema } from "./schema";

const good = `version: 1
regions:
  - { id: eu-west-1, name: Ireland }
sources:
  - { name: demo, kind: demo }
`;

function issuesOf(text: string) {
  try {
    parseYamlWith(configSchema, text, "meridian.yaml");
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe("configuration file", () => {
  it("parses a minimal file and applies defaults", () => {
    const cfg = parseYamlWith(configSchema, good, "meridian.yaml");
    expect(cfg.sources[0].interval).toBe(30_000);
    expect(cfg.staleAfter).toBe(2);
  });

  it("names file, line and field of a bad value", () => {
    const text = good.replace("{ name: demo, kind: demo }", "{ name: demo, kind: demo, interval: soon }");
    expect(issuesOf(text)).toEqual([expect.objectContaining({ file: "meridian.yaml", line: 5, field: "sources.0.interval", message: expect.stringContaining("not a duration") })]);
  });

  it("refuses unknown fields and unknown regions", () => {
    const unknownField = issuesOf(good + "colour: blue\n");
    expect(unknownField[0]).toMatchObject({ line: 6, field: "colour", message: expect.stringMatching(/colour/) });
    const badRegion = issuesOf(good + "clusters:\n  - { id: c1, region: mars-1 }\n");
    expect(badRegion).toEqual([expect.objectContaining({ line: 7, field: "clusters.0.region", message: 'unknown region "mars-1"' })]);
  });

  it("refuses a secret written in the file instead of an env reference", () => {
    const text = good.replace("{ name: demo, kind: demo }", "{ name: ce, kind: cost-explorer, secretAccessKey: hunter2 }");
    expect(issuesOf(text)[0]).toMatchObject({ field: "sources.0.secretAccessKey", message: expect.stringContaining("env:") });
  });

  it("AWS credentials: a whole key pair or none, a session token only with keys, an external ID only with a role", () => {
    const src = (fields: string) => issuesOf(good.replace("{ name: demo, kind: demo }", `{ name: aws, kind: aws${fields} }`));
    expect(src(", accessKeyId: env:K")).toEqual([expect.objectContaining({ field: "sources.0.secretAccessKey", message: expect.stringContaining("go together") })]);
    expect(src(", sessionToken: env:T")).toEqual([expect.objectContaining({ field: "sources.0.sessionToken" })]);
    expect(src(", externalId: abc123")).toEqual([expect.objectContaining({ field: "sources.0.externalId", message: "externalId is only used with roleArn" })]);
    expect(src(", roleArn: arn:aws:iam::12:role/x")).toEqual([expect.objectContaining({ field: "sources.0.roleArn", message: expect.stringContaining("IAM role ARN") })]);
    expect(src("")).toEqual([]);
    expect(src(", accessKeyId: env:K, secretAccessKey: env:S, sessionToken: env:T, roleArn: arn:aws:iam::123456789012:role/ops/meridian, externalId: ext-1")).toEqual([]);
  });

  it("cost allocation tag keys: configurable on a cost-explorer source, validated as AWS tag keys", () => {
    const ce = (tags: string) => good.replace("{ name: demo, kind: demo }", `{ name: billing, kind: cost-explorer, costTags: ${tags} }`);
    const cfg = parseYamlWith(configSchema, ce('{ team: "cost-center", system: "app:system" }'), "meridian.yaml");
    expect(cfg.sources[0].costTags).toEqual({ team: "cost-center", system: "app:system" });
    expect(issuesOf(ce('{ team: "a$b" }'))).toEqual([expect.objectContaining({ field: "sources.0.costTags.team", message: expect.stringContaining("tag key") })]);
    expect(issuesOf(ce('{ team: "" }'))[0]).toMatchObject({ field: "sources.0.costTags.team" });
    expect(issuesOf(ce(`{ team: "${"x".repeat(129)}" }`))[0]).toMatchObject({ field: "sources.0.costTags.team" });
    expect(issuesOf(ce("{ owner: team }"))[0]).toMatchObject({ message: expect.stringMatching(/owner/) });
    const onDemo = good.replace("{ name: demo, kind: demo }", "{ name: demo, kind: demo, costTags: { team: owner } }");
    expect(issuesOf(onDemo)).toEqual([expect.objectContaining({ field: "sources.0.costTags", message: "costTags is only read by a cost-explorer source" })]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(issuesOf("version: 1\nregions: [\n")[0]).toMatchObject({ file: "meridian.yaml", line: expect.any(Number) });
  });
});
