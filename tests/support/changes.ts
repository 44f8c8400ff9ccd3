import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { setTerraformRootForProcess } from "@/lib/changes/workspaces";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import type { WorkspaceConfig } from "@/lib/changes/config-schema";
import { approvalPolicySchema } from "@/lib/changes/config-schema";

export function actor(username: string, role: Role, extra: Partial<Actor> = {}): Actor {
  return { id: `u-${username}`, username, displayName: username, role, via: "session", ...extra };
}

export const people = {
  operator: actor("operator", "operator"),
  operator2: actor("operator2", "operator"),
  approver: actor("approver", "approver"),
  approver2: actor("approver2", "approver"),
  commander: actor("commander", "incident-commander"),
  viewer: actor("viewer", "viewer"),
};

export type ChangesSandbox = {
  root: string;
  /** Creates a workspace folder with this main.tf and registers it in config. */
  addWorkspace: (name: string, mainTf: string, extra?: Partial<WorkspaceConfig>) => Promise<string>;
  /** Replaces a workspace's main.tf (the next plan picks it up). */
  writeMainTf: (name: string, mainTf: string) => Promise<void>;
  /** A terraform wrapper that logs each invocation's arguments to a file, then runs terraform. */
  makeCountingTerraform: () => Promise<{ bin: string; count: (sub: string) => Promise<number> }>;
};

/** Demo config plus workspaces in a temp folder; terraform work folders under the same temp root. */
export async function startChangesSandbox(): Promise<ChangesSandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), "meridian-changes-"));
  setTerraformRootForProcess(path.join(root, "work"));
  const base = loadConfigFile(path.resolve("config/demo.yaml"));
  const workspaces: WorkspaceConfig[] = [];
  const apply = () => setConfigForProcess({ ...base, workspaces: [...workspaces] });
  apply();
  return {
    root,
    async addWorkspace(name, mainTf, extra = {}) {
      const dir = path.join(root, "src", name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "main.tf"), mainTf);
      workspaces.push({ name, dir, regions: ["eu-west-1"], terraform: "terraform", services: [], policy: approvalPolicySchema.parse({}), ...extra });
      apply();
      return dir;
    },
    async writeMainTf(name, mainTf) {
      await writeFile(path.join(root, "src", name, "main.tf"), mainTf);
    },
    async makeCountingTerraform() {
      const logFile = path.join(root, `tf-calls-${Math.random().toString(36).slice(2)}.log`);
      const bin = path.join(root, `terraform-wrapper-${Math.random().toString(36).slice(2)}.sh`);
      await writeFile(bin, `#!/bin/sh\necho "$1" >> '${logFile}'\nexec terraform "$@"\n`);
      await chmod(bin, 0o755);
      return {
        bin,
        count: async (sub) => (await readFile(logFile, "utf8").catch(() => "")).split("\n").filter((l) => l === sub).length,
      };
    },
  };
}
