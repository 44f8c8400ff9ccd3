import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTerraformClient, type TerraformClient } from "@/lib/sources/terraform";

/** Whether the real terraform CLI is on PATH; tests that need it say so in one line when it is not. */
export function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export const NO_TERRAFORM_REASON = "terraform not found on PATH: install terraform 1.x to run the terraform CLI tests";

/** The test process's environment, minus a CLI config file that may point nowhere on CI machines. */
export function terraformTestEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.TF_CLI_CONFIG_FILE;
  return env;
}

export type TempWorkspace = {
  dir: string;
  tf: TerraformClient;
  /** Replaces main.tf. */
  write: (mainTf: string) => Promise<void>;
  cleanup: () => Promise<void>;
};

/** A throwaway workspace of built-in resources only (terraform_data), initialised and ready to plan. */
export async function makeTempWorkspace(mainTf: string): Promise<TempWorkspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "meridian-tf-"));
  const write = (text: string) => writeFile(path.join(dir, "main.tf"), text);
  await write(mainTf);
  const tf = createTerraformClient({ dir, env: terraformTestEnv(), timeouts: { init: 60_000, plan: 60_000, apply: 60_000 } });
  const init = await tf.init();
  if (init.exitCode !== 0) throw new Error(`terraform init failed in ${dir}:\n${init.output}`);
  return { dir, tf, write, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
