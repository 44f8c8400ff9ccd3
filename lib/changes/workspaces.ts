import "server-only";
import { cp, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { dataDir, getChildProcessEnv, getEnv } from "@/lib/env";
import { ForbiddenError, NotFoundError, SourceUnavailableError } from "@/lib/http/errors";
import type { Actor } from "@/lib/auth/actor";
import { createTerraformClient, type RunOptions, type TerraformClient } from "@/lib/sources/terraform";
import type { WorkspaceConfig } from "./config-schema";

/**
 * Each configured workspace gets a private working folder under the data directory: a copy of its
 * configuration plus the state and provider cache that persist across plan and apply. The
 * repository's workspace folder is never written to.
 */

const holder = globalThis as unknown as { meridianTerraformRoot?: string };

/** Tests and benchmarks keep their working folders elsewhere. */
export function setTerraformRootForProcess(dir: string): void {
  holder.meridianTerraformRoot = dir;
}

function terraformRoot(): string {
  return holder.meridianTerraformRoot ?? path.join(dataDir(), "terraform");
}

export function listWorkspaces(): WorkspaceConfig[] {
  return getConfig().workspaces;
}

/** The workspace by name; 404 when it is not configured. */
export function getWorkspace(name: string): WorkspaceConfig {
  const ws = getConfig().workspaces.find((w) => w.name === name);
  if (!ws) throw new NotFoundError(`No terraform workspace named "${name}" is configured.`);
  return ws;
}

/** A workspace-scoped token acts only on its workspace. */
export function assertWorkspaceScope(actor: Actor, workspace: string): void {
  if (actor.tokenWorkspace && actor.tokenWorkspace !== workspace) {
    throw new ForbiddenError(`This token may only act on workspace "${actor.tokenWorkspace}", not "${workspace}".`);
  }
}

/** A workspace-scoped token reads only its workspace's changes (the route wrapper lets it reach no other route). */
export async function assertChangeInTokenScope(actor: Actor, changeId: string): Promise<void> {
  if (!actor.tokenWorkspace) return;
  const change = await db().changeRequest.findUnique({ where: { id: changeId }, select: { workspace: true } });
  // An unknown id falls through to the query's own 404.
  if (change) assertWorkspaceScope(actor, change.workspace);
}

export function getWorkDir(ws: WorkspaceConfig): string {
  return path.join(terraformRoot(), ws.name, "work");
}

/** Where the saved plan of a change lives while terraform reads it. */
export function getPlanDir(ws: WorkspaceConfig): string {
  return path.join(getWorkDir(ws), "plans");
}

export function getSourceDir(ws: WorkspaceConfig): string {
  return path.resolve(ws.dir);
}

/** The workspace's own terraform setting, else MERIDIAN_TERRAFORM_BIN (default `terraform` on PATH). */
export function getTerraformBin(ws: WorkspaceConfig): string {
  return ws.terraform ?? getEnv().MERIDIAN_TERRAFORM_BIN;
}

export function getTerraformClient(ws: WorkspaceConfig): TerraformClient {
  return createTerraformClient({ dir: getWorkDir(ws), bin: getTerraformBin(ws), env: getChildProcessEnv() });
}

// Files terraform reads as configuration; state, plans and the provider cache stay in the work folder.
const CONFIG_FILE = /\.(tf|tf\.json|tfvars|tfvars\.json|hcl)$/;

/** Refreshes the configuration in the work folder from the workspace folder, keeping state. */
export async function syncWorkDir(ws: WorkspaceConfig): Promise<string> {
  const src = getSourceDir(ws);
  const info = await stat(src).catch(() => null);
  if (!info?.isDirectory()) throw new NotFoundError(`The folder of workspace "${ws.name}" does not exist: ${src}`);
  const work = getWorkDir(ws);
  await mkdir(path.join(work, "plans"), { recursive: true });
  for (const entry of await readdir(work, { withFileTypes: true })) {
    if (entry.isFile() && CONFIG_FILE.test(entry.name) && entry.name !== ".terraform.lock.hcl") await rm(path.join(work, entry.name));
  }
  for (const entry of await readdir(src, { withFileTypes: true })) {
    if (entry.isFile() && CONFIG_FILE.test(entry.name)) await cp(path.join(src, entry.name), path.join(work, entry.name));
  }
  return work;
}

// Written after a successful init: workspaces of built-in resources only get no .terraform folder.
const INIT_MARKER = ".meridian-initialised";

/** Whether `terraform init` has succeeded in the work folder. */
export async function isInitialised(ws: WorkspaceConfig): Promise<boolean> {
  return (await stat(path.join(getWorkDir(ws), INIT_MARKER)).catch(() => null)) !== null;
}

/** `terraform init` in the work folder; throws with terraform's last lines when it fails. */
export async function initWorkDir(ws: WorkspaceConfig, tf: TerraformClient, opts: RunOptions = {}): Promise<void> {
  const init = await tf.init(opts);
  if (init.exitCode !== 0) {
    throw new SourceUnavailableError(`terraform init failed in ${ws.name}:\n${init.output.trim().split("\n").slice(-8).join("\n")}`, { source: "terraform" });
  }
  await writeFile(path.join(getWorkDir(ws), INIT_MARKER), new Date().toISOString());
}

/** One terraform command at a time per workspace in this process (terraform's own state lock covers others). */
const queues = new Map<string, Promise<unknown>>();
export function withWorkspaceQueue<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(workspace) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  queues.set(workspace, next.catch(() => undefined));
  return next;
}
