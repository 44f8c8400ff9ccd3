import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { createTerraformClient } from "@/lib/sources/terraform";
import { hasTerraform, NO_TERRAFORM_REASON, terraformTestEnv } from "@/tests/support/terraform";
import { parsePlanJson, parsePlanLine } from "./plan-json";
import { summarizePlan } from "./plan-summary";
import { describeWithTool } from "@/tests/support/require-tool";

const available = hasTerraform();
const DEMO = path.join(__dirname, "../../demo/terraform");

describeWithTool("demo terraform workspaces", available ? null : NO_TERRAFORM_REASON, () => {
  it("each plans offline, and a second plan with a new revision is a non-empty update", async () => {
    const names = (await readdir(DEMO, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(names).toEqual(["blockchain-eu-west-1", "blockchain-us-east-1", "leaderboard-eu-west-1"]);
    for (const name of names) {
      // A copy, so the repository's demo folders get no state from tests.
      const dir = await mkdtemp(path.join(os.tmpdir(), `meridian-demo-${name}-`));
      try {
        await cp(path.join(DEMO, name, "main.tf"), path.join(dir, "main.tf"));
        const tf = createTerraformClient({ dir, env: terraformTestEnv() });
        expect((await tf.init()).exitCode).toBe(0);
        const first = await tf.plan("1.tfplan");
        expect(first.outcome, first.output).toBe("changes");
        expect((await tf.apply("1.tfplan")).outcome).toBe("applied");

        const second = await tf.plan("2.tfplan", { vars: { revision: "2" } });
        expect(second.outcome).toBe("changes");
        const region = name.replace(/^[a-z]+-/, "");
        const summary = summarizePlan(parsePlanJson(await tf.showJson("2.tfplan")), { workspaceRegions: [region] });
        const line = parsePlanLine(second.output);
        expect(line).toEqual({ import: 0, add: summary.counts.add, change: summary.counts.change, destroy: summary.counts.destroy });
        expect(summary.counts.change).toBeGreaterThan(0);
        expect(summary.counts.destroy).toBe(0);
        expect(summary.blastRadius.map((r) => r.region)).toEqual([region]);
        expect(JSON.stringify(summary)).not.toContain("demo-only-password");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("changing the database engine replaces the stateful postgres_primary", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "meridian-demo-db-"));
    try {
      await cp(path.join(DEMO, "blockchain-eu-west-1", "main.tf"), path.join(dir, "main.tf"));
      const tf = createTerraformClient({ dir, env: terraformTestEnv() });
      await tf.init();
      await tf.plan("1.tfplan");
      await tf.apply("1.tfplan");
      const plan = await tf.plan("2.tfplan", { vars: { db_engine_version: "16.1" } });
      const summary = summarizePlan(parsePlanJson(await tf.showJson("2.tfplan")), { workspaceRegions: ["eu-west-1"], activeRegions: ["eu-west-1"] });
      expect(plan.output).toContain("Plan: 1 to add, 0 to change, 1 to destroy.");
      expect(summary.statefulDestructive).toEqual(["terraform_data.postgres_primary"]);
      // 4 (destructive) × 3 (active region) × 2 (stateful)
      expect(summary.blastRadius[0].weight).toBe(24);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
