import path from "node:path";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hasTerraform, makeTempWorkspace, NO_TERRAFORM_REASON, type TempWorkspace } from "@/tests/support/terraform";
import { parsePlanJson, parsePlanLine, planSha256 } from "./plan-json";
import { summarizePlan, type PlanSummary } from "./plan-summary";
import { describeWithTool } from "@/tests/support/require-tool";

// Real terraform CLI on terraform_data workspaces: every scenario checks our counts against terraform's own line.
const available = hasTerraform();

const MAIN = `
variable "revision" {
  type    = string
  default = "r1"
}
variable "db_password" {
  type      = string
  default   = "s3cr3t-pw"
  sensitive = true
}
resource "terraform_data" "node_group" {
  input = { revision = var.revision, size = 3 }
}
resource "terraform_data" "postgres_primary" {
  input            = var.db_password
  triggers_replace = [var.revision]
}
resource "terraform_data" "static" {
  input = "keep"
}
output "revision" { value = var.revision }
`;

let counter = 0;
async function planAndSummarize(ws: TempWorkspace, vars: Record<string, string> = {}) {
  const file = `plan-${++counter}.tfplan`;
  const plan = await ws.tf.plan(file, { vars });
  expect(plan.outcome, plan.output).not.toBe("error");
  const json = await ws.tf.showJson(file);
  const summary = summarizePlan(parsePlanJson(json), { workspaceRegions: ["eu-west-1"], activeRegions: ["eu-west-1"] });
  return { plan, summary, file };
}

function expectCountsMatch(summary: PlanSummary, output: string) {
  const line = parsePlanLine(output);
  expect(line).not.toBeNull();
  expect({ import: summary.counts.import, add: summary.counts.add, change: summary.counts.change, destroy: summary.counts.destroy }).toEqual(line);
  // The line we render is byte-for-byte terraform's.
  expect(output).toContain(summary.planLine ?? "no plan line");
}

describeWithTool("plan summary against the real terraform CLI", available ? null : NO_TERRAFORM_REASON, () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await makeTempWorkspace(MAIN);
  });
  afterAll(async () => {
    await ws?.cleanup();
  });

  it("create: 3 to add, sensitive input masked", async () => {
    const { plan, summary } = await planAndSummarize(ws);
    expect(plan.outcome).toBe("changes");
    expectCountsMatch(summary, plan.output);
    expect(summary.counts).toMatchObject({ add: 3, change: 0, destroy: 0, replace: 0 });
    const db = summary.resources.find((r) => r.address === "terraform_data.postgres_primary");
    expect(db?.action).toBe("create");
    expect(db?.stateful).toMatch(/postgres/);
    expect(db?.attributes.find((a) => a.path === "input")?.after).toEqual({ kind: "sensitive" });
    expect(db?.attributes.find((a) => a.path === "id")?.after).toEqual({ kind: "unknown" });
    expect(JSON.stringify(summary)).not.toContain("s3cr3t-pw");
    const node = summary.resources.find((r) => r.address === "terraform_data.node_group");
    expect(node?.attributes.find((a) => a.path === "input.size")?.after).toEqual({ kind: "value", text: "3" });
    expect(summary.outputs).toEqual([{ name: "revision", action: "create", before: { kind: "absent" }, after: { kind: "value", text: '"r1"' } }]);
    // Created, nothing destroyed: weight 1 per resource in the one workspace region.
    expect(summary.blastRadius).toEqual([
      { region: "eu-west-1", active: true, resources: 3, create: 3, update: 0, delete: 0, replace: 0, stateful: 1, weight: 3 },
    ]);
  });

  it("update and replace: a new revision updates node_group in place and replaces postgres_primary", async () => {
    const first = await planAndSummarize(ws);
    const applied = await ws.tf.apply(first.file);
    expect(applied.outcome, applied.output).toBe("applied");

    const { plan, summary } = await planAndSummarize(ws, { revision: "r2" });
    expectCountsMatch(summary, plan.output);
    // terraform: "Plan: 1 to add, 1 to change, 1 to destroy." — the replacement is 1 add + 1 destroy.
    expect(summary.counts).toMatchObject({ add: 1, change: 1, destroy: 1, replace: 1 });
    const db = summary.resources.find((r) => r.address === "terraform_data.postgres_primary");
    expect(db?.action).toBe("replace");
    expect(db?.replaceOrder).toBe("delete-then-create");
    expect(db?.destructive).toBe(true);
    const trigger = db?.attributes.find((a) => a.path === "triggers_replace[0]");
    expect(trigger).toMatchObject({ before: { kind: "value", text: '"r1"' }, after: { kind: "value", text: '"r2"' }, forcesReplacement: true });
    // terraform_data's `output` echoes the sensitive input without the mark; it stays masked here.
    expect(db?.attributes.find((a) => a.path === "output")?.before).toEqual({ kind: "sensitive" });
    expect(JSON.stringify(summary)).not.toContain("s3cr3t-pw");
    expect(summary.statefulDestructive).toEqual(["terraform_data.postgres_primary"]);

    const node = summary.resources.find((r) => r.address === "terraform_data.node_group");
    expect(node?.action).toBe("update");
    expect(node?.attributes.find((a) => a.path === "input.revision")).toMatchObject({ change: "update", before: { text: '"r1"' }, after: { text: '"r2"' } });
    // id and input.size did not change: hidden like terraform hides them.
    expect(node?.attributes.some((a) => a.path === "id" || a.path === "input.size")).toBe(false);
    // `static` is a no-op: not listed, not counted.
    expect(summary.resources.some((r) => r.address === "terraform_data.static")).toBe(false);
    expect(summary.outputs).toEqual([{ name: "revision", action: "update", before: { kind: "value", text: '"r1"' }, after: { kind: "value", text: '"r2"' } }]);
    // Weights (active region): update 1 + stateful replace 4×3×2 = 25.
    expect(summary.blastRadius[0]).toMatchObject({ region: "eu-west-1", update: 1, replace: 1, weight: 25 });
  });

  it("output-only change: no Plan line from terraform, zero counts here", async () => {
    await ws.write(`${MAIN}\noutput "extra" { value = "hello" }\n`);
    const { plan, summary } = await planAndSummarize(ws);
    expect(plan.outcome).toBe("changes");
    expect(parsePlanLine(plan.output)).toBeNull();
    expect(summary.planLine).toBeNull();
    expect(summary.counts).toMatchObject({ add: 0, change: 0, destroy: 0 });
    expect(summary.hasChanges).toBe(true);
    expect(summary.outputs).toEqual([{ name: "extra", action: "create", before: { kind: "absent" }, after: { kind: "value", text: '"hello"' } }]);
    await ws.write(MAIN);
  });

  it("destroy: removing a resource from config plans 1 to destroy", async () => {
    await ws.write(MAIN.replace(/resource "terraform_data" "static" \{[^}]*\}/, ""));
    const { plan, summary } = await planAndSummarize(ws);
    expectCountsMatch(summary, plan.output);
    expect(summary.counts).toMatchObject({ add: 0, change: 0, destroy: 1 });
    const gone = summary.resources.find((r) => r.address === "terraform_data.static");
    expect(gone?.action).toBe("delete");
    expect(gone?.actionReason).toBe("delete_because_no_resource_config");
    expect(gone?.attributes.find((a) => a.path === "input")).toMatchObject({ change: "remove", before: { text: '"keep"' }, after: { kind: "absent" } });
    // Not stateful, active region: 4×3 = 12.
    expect(summary.blastRadius[0].weight).toBe(12);
    await ws.write(MAIN);
  });

  it("a plan file's hash is stable for the same bytes and the JSON parses from disk", async () => {
    const { file } = await planAndSummarize(ws, { revision: "r9" });
    const bytes = await readFile(path.join(ws.dir, file));
    expect(planSha256(bytes)).toMatch(/^[0-9a-f]{64}$/);
    expect(planSha256(bytes)).toBe(planSha256(Buffer.from(bytes)));
  });
});

describeWithTool("stale plans and markup in plan data", available ? null : NO_TERRAFORM_REASON, () => {
  it("a plan made before the state changed is refused by terraform as stale", async () => {
    const ws = await makeTempWorkspace(MAIN);
    try {
      const a = await ws.tf.plan("a.tfplan", { vars: { revision: "a" } });
      const b = await ws.tf.plan("b.tfplan", { vars: { revision: "b" } });
      expect([a.outcome, b.outcome]).toEqual(["changes", "changes"]);
      expect((await ws.tf.apply("b.tfplan")).outcome).toBe("applied");
      const stale = await ws.tf.apply("a.tfplan");
      expect(stale.outcome).toBe("stale");
      expect(stale.exitCode).toBe(1);
      // Nothing from plan a was applied: the state still holds b.
      const again = await ws.tf.plan("c.tfplan", { vars: { revision: "b" } });
      expect(again.outcome).toBe("no-changes");
    } finally {
      await ws.cleanup();
    }
  });

  it("resource names and values holding markup pass through as plain data", async () => {
    const payload = "<script>alert(1)</script>";
    const ws = await makeTempWorkspace(`
resource "terraform_data" "x" {
  input = { "<img src=x onerror=alert(2)>" = "${payload}" }
}
resource "terraform_data" "y" {
  for_each = toset(["${payload}"])
  input    = each.key
}
`);
    try {
      const plan = await ws.tf.plan("m.tfplan");
      const summary = summarizePlan(parsePlanJson(await ws.tf.showJson("m.tfplan")), { workspaceRegions: ["us-east-1"] });
      expectCountsMatch(summary, plan.output);
      const x = summary.resources.find((r) => r.address === "terraform_data.x");
      const row = x?.attributes.find((a) => a.path === `input["<img src=x onerror=alert(2)>"]`);
      expect(row?.after).toEqual({ kind: "value", text: JSON.stringify(payload) });
      expect(summary.resources.map((r) => r.address)).toContain(`terraform_data.y["${payload}"]`);
    } finally {
      await ws.cleanup();
    }
  });
});
