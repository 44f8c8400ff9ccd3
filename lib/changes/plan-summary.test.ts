import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlanJson, parsePlanLine, PlanParseError, planJsonMatches, planSha256 } from "./plan-json";
import { formatPlanLine, getResourceAction, getStatefulReason, redactPlan, summarizePlan } from "./plan-summary";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures/terraform", name), "utf8");
const plan = parsePlanJson(fixture("aws-multi-region.plan.json"));
const summary = summarizePlan(plan, {
  workspaceRegions: ["eu-west-1", "us-east-1"],
  activeRegions: ["eu-west-1"],
  workspaceServices: ["rpc-gateway"],
  knownServices: ["ledger-api", "substrate", "rpc-gateway"],
});
const byAddress = (a: string) => summary.resources.find((r) => r.address === a);

describe("summarizePlan on an AWS-shaped plan (provider regions, aliases, modules, imports)", () => {
  it("counts like terraform: replace = add + destroy, imports apart, reads and no-ops out", () => {
    expect(summary.counts).toEqual({ add: 3, change: 1, destroy: 2, import: 1, replace: 1, read: 1, forget: 0 });
    expect(summary.planLine).toBe("Plan: 1 to import, 3 to add, 1 to change, 2 to destroy.");
    expect(parsePlanLine(`...\n${summary.planLine}\n`)).toEqual({ import: 1, add: 3, change: 1, destroy: 2 });
    expect(byAddress("aws_iam_role.untouched")).toBeUndefined();
    expect(byAddress("aws_iam_role.imported")).toMatchObject({ action: "no-op", importing: true });
  });

  it("maps each resource to a region: own attribute, provider constant, variable, alias, else the workspace's", () => {
    expect(byAddress("aws_vpc.new_home")).toMatchObject({ regions: ["ap-south-1"], regionSource: "attribute" });
    expect(byAddress("aws_db_instance.ledger")).toMatchObject({ regions: ["eu-west-1"], regionSource: "provider" });
    expect(byAddress("module.nodes.aws_eks_node_group.substrate[0]")).toMatchObject({ regions: ["us-east-1"], regionSource: "variable", providerAlias: "replica" });
    expect(byAddress("aws_s3_bucket.snapshots")).toMatchObject({ regions: ["us-east-1"], regionSource: "alias" });
    expect(byAddress("aws_route53_record.rpc")).toMatchObject({ regions: ["eu-west-1", "us-east-1"], regionSource: "workspace", providerAlias: "global" });
  });

  it("weighs destroy/replace in the active region highest (worked by hand)", () => {
    // eu-west-1 (active): stateful replace 4×3×2 = 24, create 1 → 25
    // us-east-1: stateful delete 4×1×2 = 8, update 1, create 1 → 10;  ap-south-1: create 1
    expect(summary.blastRadius.map((r) => [r.region, r.weight, r.resources, r.active])).toEqual([
      ["eu-west-1", 25, 2, true],
      ["us-east-1", 10, 3, false],
      ["ap-south-1", 1, 1, false],
    ]);
    expect(summary.blastRadius[1]).toMatchObject({ delete: 1, update: 1, create: 1, stateful: 1 });
  });

  it("flags destructive and stateful resources", () => {
    expect(summary.destructive).toEqual(["aws_db_instance.ledger", "aws_s3_bucket.snapshots"]);
    expect(summary.statefulDestructive).toEqual(["aws_db_instance.ledger", "aws_s3_bucket.snapshots"]);
    expect(byAddress("aws_db_instance.ledger")?.stateful).toBe("aws_db_instance holds data");
    expect(getStatefulReason("terraform_data", "postgres_primary")).toBe('name "postgres_primary" suggests stored data (postgres)');
    expect(getStatefulReason("terraform_data", "node_group")).toBeNull();
    expect(getStatefulReason("aws_elasticache_replication_group", "x")).not.toBeNull();
  });

  it("finds services by workspace, tag and name, each with the regions it is touched in", () => {
    expect(summary.services).toEqual([
      { service: "ledger-api", via: ["tag"], regions: ["eu-west-1"], resources: ["aws_db_instance.ledger"] },
      { service: "rpc-gateway", via: ["workspace"], regions: ["ap-south-1", "eu-west-1", "us-east-1"], resources: [] },
      { service: "substrate", via: ["name"], regions: ["us-east-1"], resources: ["module.nodes.aws_eks_node_group.substrate[0]"] },
    ]);
  });

  it("diffs attributes with unknowns, masks sensitive values and marks what forces replacement", () => {
    const ledger = byAddress("aws_db_instance.ledger");
    expect(ledger?.attributes).toEqual([
      { path: "arn", before: { kind: "value", text: '"arn:aws:rds:eu-west-1:1:db:ledger"' }, after: { kind: "unknown" }, change: "update", forcesReplacement: false },
      { path: "engine_version", before: { kind: "value", text: '"15.4"' }, after: { kind: "value", text: '"16.1"' }, change: "update", forcesReplacement: true },
    ]);
    // password (sensitive, same value) and tags.service are unchanged and hidden.
    expect(ledger?.unchangedAttributes).toBe(2);
    const nodes = byAddress("module.nodes.aws_eks_node_group.substrate[0]");
    expect(nodes?.attributes.map((a) => [a.path, a.change])).toEqual([["scaling_config[0].desired_size", "update"]]);
    expect(JSON.stringify(summary)).not.toContain("hunter2-long");
    expect(summary.outputs).toEqual([
      { name: "db_endpoint", action: "update", before: { kind: "value", text: '"old.rds"' }, after: { kind: "unknown" } },
      { name: "db_password", action: "update", before: { kind: "sensitive" }, after: { kind: "sensitive" } },
    ]);
  });

  it("caps the resource list but still counts everything", () => {
    const capped = summarizePlan(plan, { workspaceRegions: ["eu-west-1"], maxResources: 2 });
    expect(capped.resources).toHaveLength(2);
    expect(capped.resourcesTruncated).toBe(true);
    expect(capped.counts.add).toBe(3);
  });
});

describe("parsePlanJson", () => {
  it("rejects what is not a plan with a clear message", () => {
    expect(() => parsePlanJson("PK\u0003\u0004 binary")).toThrow("The plan JSON is not JSON");
    expect(() => parsePlanJson("[1,2]")).toThrow(PlanParseError);
    expect(() => parsePlanJson(fixture("not-a-plan.state.json"))).toThrow("This is terraform state, not a plan");
    expect(() => parsePlanJson({ format_version: "0.1", terraform_version: "0.12.0", planned_values: {} })).toThrow(/not terraform plan JSON/);
    expect(() => parsePlanJson({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {}, resource_changes: [{ address: 1 }] })).toThrow(PlanParseError);
    expect(() => parsePlanJson({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {}, errored: true })).toThrow(/errored/);
  });

  it("binds JSON to a plan file by content, and hashes files as SHA-256", () => {
    const other = parsePlanJson({ ...JSON.parse(fixture("aws-multi-region.plan.json")), timestamp: "2025-06-04T09:00:01Z" });
    expect(planJsonMatches(plan, parsePlanJson(fixture("aws-multi-region.plan.json")))).toBe(true);
    expect(planJsonMatches(plan, other)).toBe(false);
    // sha256("abc"), the FIPS 180-2 test vector
    expect(planSha256(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("parsePlanLine and actions", () => {
  it("reads terraform's line, the last one wins, no-change plans are zeros", () => {
    expect(parsePlanLine("Plan: 0 to add, 2 to change, 0 to destroy.\nPlan: 1 to add, 0 to change, 1 to destroy.")).toEqual({ import: 0, add: 1, change: 0, destroy: 1 });
    expect(parsePlanLine("No changes. Your infrastructure matches the configuration.")).toEqual({ import: 0, add: 0, change: 0, destroy: 0 });
    expect(parsePlanLine("Changes to Outputs:")).toBeNull();
  });

  it("collapses action lists like terraform", () => {
    expect(getResourceAction(["create", "delete"])).toEqual({ action: "replace", replaceOrder: "create-then-delete", thenForget: false });
    expect(getResourceAction(["create", "forget"])).toEqual({ action: "create", replaceOrder: null, thenForget: true });
    expect(() => getResourceAction(["update", "delete"])).toThrow(/unrecognised/);
  });
});

describe("redactPlan", () => {
  it("leaves no sensitive value in the stored plan JSON but keeps the rest", () => {
    const raw = fixture("aws-multi-region.plan.json");
    expect(raw).toContain("hunter2-long");
    const stored = JSON.stringify(redactPlan(plan));
    expect(stored).not.toContain("hunter2-long");
    expect(stored).toContain('"engine_version":"16.1"');
    // Redacting does not change what the page shows.
    expect(summarizePlan(parsePlanJson(stored), { workspaceRegions: ["eu-west-1", "us-east-1"] }).counts).toEqual(summary.counts);
  });
});

describe("formatPlanLine", () => {
  const counts = { add: 2, change: 1, destroy: 1, import: 0, replace: 1, read: 0, forget: 0 };
  it("prints terraform's line, with imports only when there are some, and none when nothing is rendered", () => {
    expect(formatPlanLine(counts, 3)).toBe("Plan: 2 to add, 1 to change, 1 to destroy.");
    expect(formatPlanLine({ ...counts, import: 2 }, 3)).toBe("Plan: 2 to import, 2 to add, 1 to change, 1 to destroy.");
    expect(formatPlanLine(counts, 0)).toBeNull();
  });
});
