import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTerraform, makeTempWorkspace, NO_TERRAFORM_REASON, terraformTestEnv } from "@/tests/support/terraform";
import { buildTerraformEnv, createTerraformClient, TerraformNotFoundError, WorkspaceDirNotFoundError } from "./terraform";
import { describeWithTool } from "@/tests/support/require-tool";

const available = hasTerraform();

describe("terraform client without terraform", () => {
  it("a missing binary is one clear line", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "meridian-tf-"));
    try {
      const onPath = createTerraformClient({ dir, env: { PATH: "/nonexistent" } });
      await expect(onPath.getVersion()).rejects.toThrow(new TerraformNotFoundError("terraform"));
      await expect(onPath.getVersion()).rejects.toThrow("terraform not found on PATH: install terraform 1.x");
      const custom = createTerraformClient({ dir, bin: "/opt/nowhere/terraform", env: terraformTestEnv() });
      await expect(custom.init()).rejects.toThrow("terraform not found at /opt/nowhere/terraform");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a missing workspace directory is named as such, not as a missing binary", async () => {
    const tf = createTerraformClient({ dir: "/nonexistent/workspace", env: terraformTestEnv() });
    await expect(tf.init()).rejects.toThrow(WorkspaceDirNotFoundError);
  });

  it("the environment cannot inject CLI arguments and always disables prompts and checkpoint", () => {
    const env = buildTerraformEnv({ PATH: "/bin", TF_CLI_ARGS: "-destroy", TF_CLI_ARGS_apply: "-replace=x", TF_INPUT: "1", EMPTY: undefined });
    expect(env).toEqual({ PATH: "/bin", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" });
  });
});

describeWithTool("terraform client against the real CLI", available ? null : NO_TERRAFORM_REASON, () => {
  it("reports the version, streams lines as they come and gives the pid", async () => {
    const ws = await makeTempWorkspace(`resource "terraform_data" "a" { input = "x" }\n`);
    try {
      expect((await ws.tf.getVersion()).version).toMatch(/^1\.\d+\.\d+/);
      const lines: string[] = [];
      const pids: number[] = [];
      const plan = await ws.tf.plan("p.tfplan", { onLine: (l) => lines.push(l), onSpawn: (pid) => pids.push(pid) });
      expect(plan.outcome).toBe("changes");
      expect(plan.exitCode).toBe(2);
      expect(lines).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
      expect(pids).toEqual([plan.pid]);
      const applied = await ws.tf.apply("p.tfplan", { onLine: (l) => lines.push(l) });
      expect(applied.outcome).toBe("applied");
      expect(lines.some((l) => l.startsWith("Apply complete! Resources: 1 added, 0 changed, 0 destroyed."))).toBe(true);
      const again = await ws.tf.plan("q.tfplan");
      expect([again.outcome, again.exitCode]).toEqual(["no-changes", 0]);
    } finally {
      await ws.cleanup();
    }
  });

  it("applies only a saved plan file that exists, and refuses names that look like flags", async () => {
    const ws = await makeTempWorkspace(`resource "terraform_data" "a" { input = "x" }\n`);
    try {
      await expect(ws.tf.apply("missing.tfplan")).rejects.toThrow(/saved plan file not found/);
      await expect(ws.tf.apply("-destroy")).rejects.toThrow(/must not start with "-"/);
      // Nothing was applied: a plan still wants to create the resource.
      expect((await ws.tf.plan("p.tfplan")).outcome).toBe("changes");
    } finally {
      await ws.cleanup();
    }
  });

  it("an aborted apply ends as killed with the log so far", async () => {
    // local-exec is built in, so a slow apply needs no provider.
    const ws = await makeTempWorkspace(`
resource "terraform_data" "slow" {
  provisioner "local-exec" { command = "sleep 20" }
}
`);
    try {
      await ws.tf.plan("slow.tfplan");
      const controller = new AbortController();
      const started = Date.now();
      const result = await ws.tf.apply("slow.tfplan", {
        signal: controller.signal,
        onLine: (line) => {
          if (line.includes("Provisioning with 'local-exec'")) controller.abort();
        },
      });
      expect(result.outcome).toBe("killed");
      expect(result.aborted).toBe(true);
      expect(result.output).toContain("terraform_data.slow: Creating...");
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await ws.cleanup();
    }
  });
});
