import "server-only";
import { existsSync } from "node:fs";
import { getChildProcessEnv } from "@/lib/env";
import { createTerraformClient } from "@/lib/sources/terraform";
import { getSourceDir, getTerraformBin, listWorkspaces } from "./workspaces";

export type TerraformWorkspaceStatus = {
  name: string;
  dir: string;
  dirExists: boolean;
  regions: string[];
  bin: string;
  version: string | null;
  /** One clear line, e.g. "terraform not found on PATH: install terraform 1.x". */
  error: string | null;
};

const versionCache = new Map<string, { at: number; version: string | null; error: string | null }>();

async function checkBinary(bin: string): Promise<{ version: string | null; error: string | null }> {
  const cached = versionCache.get(bin);
  if (cached && Date.now() - cached.at < 60_000) return cached;
  let result: { version: string | null; error: string | null };
  try {
    // Run from the console's own folder: the check is about the binary, not a workspace.
    const { version } = await createTerraformClient({ dir: process.cwd(), bin, env: getChildProcessEnv() }).getVersion();
    result = { version, error: null };
  } catch (error) {
    result = { version: null, error: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
  versionCache.set(bin, { at: Date.now(), ...result });
  return result;
}

/** Settings → Terraform: each workspace's folder and whether its terraform binary answers. */
export async function listTerraformStatus(): Promise<TerraformWorkspaceStatus[]> {
  return Promise.all(
    listWorkspaces().map(async (ws) => {
      const dir = getSourceDir(ws);
      const bin = getTerraformBin(ws);
      return { name: ws.name, dir, dirExists: existsSync(dir), regions: ws.regions, bin, ...(await checkBinary(bin)) };
    }),
  );
}
