import "server-only";
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { expandDemoConfig } from "@/lib/config/expand-demo-size";
import { ConfigError, parseYamlWith, type ConfigIssue } from "./parse-config";
import { configSchema, type MeridianConfig } from "./schema";
import { notifyDataChanged } from "@/lib/events/data-changed";

type ConfigState = {
  config: MeridianConfig;
  file: string;
  loadedAt: Date;
  /** The file's text as written (secrets are env: references there), for Settings' raw view; null when set in memory. */
  text: string | null;
  /** The last reload that was refused; the previous configuration stays in force. */
  rejected: { at: Date; issues: ConfigIssue[] } | null;
};

const holder = globalThis as unknown as { meridianConfig?: ConfigState; meridianConfigWatching?: string };

export function loadConfigFile(file: string): MeridianConfig {
  return loadConfigFileWithText(file).config;
}

function loadConfigFileWithText(file: string): { config: MeridianConfig; text: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([{ file, line: null, field: "", message: `cannot read: ${(error as Error).message}` }]);
  }
  return { config: expandDemoConfig(parseYamlWith(configSchema, text, file)), text };
}

function reload(file: string) {
  try {
    const { config, text } = loadConfigFileWithText(file);
    holder.meridianConfig = { config, text, file, loadedAt: new Date(), rejected: null };
    log.info("configuration reloaded", { file });
    notifyDataChanged("configuration reloaded");
  } catch (error) {
    const issues = error instanceof ConfigError ? error.issues : [{ file, line: null, field: "", message: String(error) }];
    if (holder.meridianConfig) holder.meridianConfig.rejected = { at: new Date(), issues };
    log.warn("configuration refused; the last good one stays in force", { file, issues });
  }
}

/** The configuration in force. The first load throws on an invalid file: the console refuses to start. */
export function getConfigState(): ConfigState {
  if (!holder.meridianConfig) {
    const file = path.resolve(getEnv().MERIDIAN_CONFIG);
    holder.meridianConfig = { ...loadConfigFileWithText(file), file, loadedAt: new Date(), rejected: null };
    if (holder.meridianConfigWatching !== file) {
      holder.meridianConfigWatching = file;
      // Polling works on every filesystem, including bind mounts and ConfigMaps.
      watchFile(file, { interval: 2000, persistent: false }, (curr, prev) => {
        if (curr.mtimeMs !== prev.mtimeMs) reload(file);
      });
    }
  }
  return holder.meridianConfig;
}

export function getConfig(): MeridianConfig {
  return getConfigState().config;
}

export function isDemoMode(config: MeridianConfig = getConfig()): boolean {
  return config.sources.some((s) => s.kind === "demo");
}

/** Tests and benchmarks: put a configuration in force without a file. */
export function setConfigForProcess(config: MeridianConfig, file = "(in memory)"): void {
  if (holder.meridianConfigWatching) unwatchFile(holder.meridianConfigWatching);
  holder.meridianConfigWatching = file;
  holder.meridianConfig = { config: expandDemoConfig(config), text: null, file, loadedAt: new Date(), rejected: null };
}

/** Used by the reload check on Settings and by tests of the reload path. */
export function reloadConfigNow(): ConfigState {
  const state = getConfigState();
  reload(state.file);
  return getConfigState();
}
