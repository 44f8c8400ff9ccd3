import { describe, expect, it } from "vitest";
import type { ChangeDetail } from "@/lib/changes/queries";
import { parsePlanJson } from "@/lib/changes/plan-json";
import { summarizePlan } from "@/lib/changes/plan-summary";
import { CHANGE_STATES } from "@/lib/changes/state-machine";
import { validateAgainst } from "@/tests/support/github-server";
import { readFileSync } from "node:fs";
import path from "node:path";
import { GITHUB_SUMMARY_LIMIT, renderAggregateCheck, renderChangeCheck, SUMMARY_BUDGET, verdictFor } from "./render-check";

/** A plan of n resources: every third a database destroyed, the rest replaced or created, over 4 regions. */
function bigPlan(n: number) {
  const regions = ["eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"];
  const resource_changes = Array.from({ length: n }, (_, i) => {
    const db = i % 3 === 0;
    const type = db ? "aws_db_instance" : "aws_instance";
    const actions = db ? ["delete"] : i % 3 === 1 ? ["delete", "create"] : ["create"];
    const region = regions[i % regions.length];
    const before = actions[0] === "create" ? null : { region, name: `n${i}` };
    const after = actions.includes("create") ? { region, name: `n${i}` } : null;
    return { address: `module.fleet_${i % 50}.${type}.node_with_a_rather_long_descriptive_name_${i}`, mode: "managed", type, name: `node_with_a_rather_long_descriptive_name_${i}`, provider_name: "registry.terraform.io/hashicorp/aws", change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } };
  });
  return parsePlanJson(JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes, output_changes: {}, planned_values: {}, configuration: {}, timestamp: "2026-12-08T00:00:00Z", applyable: true, complete: true, errored: false }));
}

function detailOf(summary: ReturnType<typeof summarizePlan>, over: Partial<ChangeDetail> = {}): ChangeDetail {
  const { resources, ...head } = summary;
  return {
    id: "c1", number: 42, title: "fleet", workspace: "fleet", state: "proposed", origin: "ci", requestedBy: "ci-bot", planLine: summary.planLine, counts: summary.counts, destructive: summary.destructive.length,
    createdAt: "", updatedAt: "", finishedAt: null, requestedById: "u-ci", planSha256: "f".repeat(64), planRevision: 1, commitSha: "a".repeat(40), prUrl: "https://github.com/acme/infra/pull/1", exitCode: null,
    applyStartedAt: null, planStartedAt: null, plannedAt: null, planText: null, phases: [], summary: head, resources: resources.slice(0, 50),
    resourcePage: { page: 1, pageSize: 50, total: resources.length, pages: 1, filter: "all" }, approvals: [],
    policy: { canApply: false, blockers: [{ rule: "approvals", message: "0 of 2 approvals for this plan.", unblock: "" }] as ChangeDetail["policy"]["blockers"], counted: 0, required: 2, sloGateOverridden: false, approverRoles: ["approver"], approvalTtlMs: 1 },
    sloGate: { blocked: false, reasons: [], unknown: [] }, override: null, lock: null, runner: null, heartbeatAt: null, appliedBy: null, logLength: 0, terminal: false, viewerReview: null,
    ...over,
  } as ChangeDetail;
}

const openapi = JSON.parse(readFileSync(path.resolve("node_modules/@octokit/openapi/generated/api.github.com.json"), "utf8")) as { paths: Record<string, Record<string, { requestBody: { content: { "application/json": { schema: Parameters<typeof validateAgainst>[0] } } } }>> };
const createSchema = openapi.paths["/repos/{owner}/{repo}/check-runs"].post.requestBody.content["application/json"].schema;

describe("check run rendering", () => {
  it("a 5,000-resource plan's summary stays under GitHub's limit, keeps terraform's counts line and says how much it left out", () => {
    const summary = summarizePlan(bigPlan(5_000), { workspaceRegions: ["eu-west-1"], activeRegions: ["eu-west-1"] });
    expect(summary.planLine).toBe("Plan: 3333 to add, 0 to change, 3334 to destroy.");
    const check = renderChangeCheck(detailOf(summary), "https://meridian.example.com/changes/c1");
    expect(check.summary.length).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(check.summary.length).toBeLessThan(GITHUB_SUMMARY_LIMIT);
    expect(check.summary).toContain("`Plan: 3333 to add, 0 to change, 3334 to destroy.`");
    // 1,667 databases destroyed: the stateful list is cut, and says by how much.
    expect(summary.statefulDestructive).toHaveLength(1_667);
    const cut = /… and (\d+) more stateful resources left out here \(1667 in all\)/.exec(check.summary);
    expect(cut).not.toBeNull();
    const shown = check.summary.split("\n").filter((l) => l.startsWith("- `module.fleet_") && l.includes("aws_db_instance")).length;
    expect(shown + Number(cut![1])).toBe(1_667);
    expect(check.summary).toMatch(/… and \d+ more destructive resources left out here \(1667 in all\)/);
    // What still fits after the lists: blast radius by region and the link.
    for (const r of ["eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"]) expect(check.summary).toContain(`| ${r} |`);
    expect(check.summary).toContain("| eu-west-1 | active |");
    expect(check.summary).toContain("The full plan (5000 resource changes) is in [Meridian](https://meridian.example.com/changes/c1)");
    // The body sent to GitHub is valid against GitHub's own OpenAPI description.
    const body = { name: check.name, head_sha: "a".repeat(40), status: check.status, conclusion: check.conclusion, details_url: check.detailsUrl, output: { title: check.title, summary: check.summary } };
    expect(validateAgainst(createSchema, body)).toEqual([]);
    expect(validateAgainst(createSchema, { ...body, output: { title: "x", summary: "y".repeat(65_536) } })).toEqual(["body.output.summary: 65536 characters, more than 65535"]);
  });

  it("maps every state to a status and conclusion; only applied or unchanged is green", () => {
    const base = { policy: { counted: 1, required: 2, sloGateOverridden: false } as ChangeDetail["policy"], sloGate: { blocked: false, reasons: [], unknown: [] }, appliedBy: "operator", hasChanges: true };
    const table = Object.fromEntries(CHANGE_STATES.map((state) => [state, verdictFor({ ...base, state })]));
    expect(Object.fromEntries(Object.entries(table).map(([s, v]) => [s, `${v.status}/${v.conclusion}`]))).toEqual({
      proposed: "completed/action_required",
      approved: "completed/neutral",
      rejected: "completed/failure",
      applying: "in_progress/null",
      applied: "completed/success",
      failed: "completed/failure",
      stale: "completed/failure",
      cancelled: "completed/cancelled",
      superseded: "completed/skipped",
    });
    expect(table.proposed.title).toBe("Waiting for approval (1 of 2 approvals): approve in Meridian");
    const blocked = { ...base, sloGate: { blocked: true, reasons: ["burn"], unknown: [] } };
    expect(verdictFor({ ...blocked, state: "proposed" }).title).toBe("SLO gate blocked · 1 of 2 approvals: approve in Meridian");
    expect(verdictFor({ ...blocked, state: "approved" })).toMatchObject({ conclusion: "action_required", title: "Approved · SLO gate blocks the apply" });
    expect(verdictFor({ ...blocked, policy: { ...base.policy, sloGateOverridden: true }, state: "approved" }).conclusion).toBe("neutral");
    expect(verdictFor({ ...base, hasChanges: false, state: "proposed" })).toMatchObject({ conclusion: "success", title: "No changes" });
    expect(verdictFor({ ...base, state: "something-new" })).toMatchObject({ conclusion: "failure" });
  });

  it("the aggregated check is green only when every workspace is applied or has no changes", () => {
    const m = (workspace: string, state: string, hasChanges = true) => ({ workspace, number: 1, state, hasChanges, conclusion: null, title: state, url: "u" });
    expect(renderAggregateCheck("a", [m("net", "applied"), m("dns", "proposed", false)], "u")).toMatchObject({ conclusion: "success" });
    expect(renderAggregateCheck("a", [m("net", "applied"), m("dns", "approved")], "u")).toMatchObject({ conclusion: "action_required", title: "1 of 2 workspaces applied or unchanged: review and apply in Meridian" });
    expect(renderAggregateCheck("a", [m("net", "applying"), m("dns", "applied")], "u")).toMatchObject({ status: "in_progress", conclusion: null });
    expect(renderAggregateCheck("a", [m("net", "failed"), m("dns", "applied")], "u")).toMatchObject({ conclusion: "failure" });
    expect(renderAggregateCheck("a", [], "u")).toMatchObject({ conclusion: "neutral" });
  });
});
