import "server-only";
import { unwatchFile, watchFile } from "node:fs";
import path from "node:path";
import type { ConfigIssue } from "@/lib/config/parse-config";
import { ConfigError } from "@/lib/config/parse-config";
import { getConfig } from "@/lib/config/store";
import { log } from "@/lib/observability/log";
import { checkSloReferences, loadSloFile } from "./definitions";
import type { SloDefinition } from "./types";

// The SLO definitions in force, like lib/config/store.ts: loaded on first use and on every change of
// the file. Unlike the main configuration, a bad SLO file never stops the console: it is refused with
// file/line/field, the last good definitions stay (none on a first load), and Settings shows why.

export type SloFileState = {
  /** Absolute path; null when the configuration names no SLO file. */
  file: string | null;
  definitions: SloDefinition[];
  /** When the definitions in force were read; null when none ever loaded. */
  loadedAt: Date | null;
  /** The last load that was refused; the previous definitions stay in force. */
  rejected: { at: Date; issues: ConfigIssue[] } | null;
  /** SLOs naming a service or region the configuration does not have: loaded, but shown as warnings. */
  warnings: ConfigIssue[];
};

const holder = globalThis as unknown as { meridianSlos?: SloFileState; meridianSlosWatching?: string; meridianSlosFixed?: boolean };

/** Relative paths are resolved from the working directory, like MERIDIAN_CONFIG. */
function configuredFile(): string | null {
  const file = getConfig().slos?.file;
  return file ? path.resolve(file) : null;
}

function load(file: string, previous: SloFileState | undefined): SloFileState {
  const kept = previous?.file === file ? previous : undefined;
  try {
    const definitions = loadSloFile(file);
    const warnings = checkSloReferences(definitions, getConfig(), file);
    if (kept) log.info("SLO definitions reloaded", { file, slos: definitions.length });
    return { file, definitions, loadedAt: new Date(), rejected: null, warnings };
  } catch (error) {
    const issues = error instanceof ConfigError ? error.issues : [{ file, line: null, field: "", message: String(error) }];
    log.warn("SLO file refused; the last good definitions stay in force", { file, issues });
    return {
      file,
      definitions: kept?.definitions ?? [],
      loadedAt: kept?.loadedAt ?? null,
      rejected: { at: new Date(), issues },
      warnings: kept?.warnings ?? [],
    };
  }
}

function watch(file: string) {
  if (holder.meridianSlosWatching === file) return;
  if (holder.meridianSlosWatching) unwatchFile(holder.meridianSlosWatching);
  holder.meridianSlosWatching = file;
  // Polling works on every filesystem, including bind mounts and ConfigMaps.
  watchFile(file, { interval: 2000, persistent: false }, (curr, prev) => {
    if (curr.mtimeMs !== prev.mtimeMs && holder.meridianSlos?.file === file) holder.meridianSlos = load(file, holder.meridianSlos);
  });
}

/** The SLO definitions in force; follows the configuration when it starts naming another file. */
export function getSloFileState(): SloFileState {
  if (holder.meridianSlosFixed && holder.meridianSlos) return holder.meridianSlos;
  const file = configuredFile();
  const current = holder.meridianSlos;
  if (current && current.file === file) return current;
  if (!file) {
    holder.meridianSlos = { file: null, definitions: [], loadedAt: null, rejected: null, warnings: [] };
    return holder.meridianSlos;
  }
  holder.meridianSlos = load(file, current);
  watch(file);
  return holder.meridianSlos;
}

export function listSloDefinitions(): SloDefinition[] {
  return getSloFileState().definitions;
}

export function getSloDefinition(id: string): SloDefinition | null {
  return listSloDefinitions().find((d) => d.id === id) ?? null;
}

/** Re-reads the file now (Settings' check, tests of the reload path). */
export function reloadSloFileNow(): SloFileState {
  const state = getSloFileState();
  if (state.file) holder.meridianSlos = load(state.file, state);
  return getSloFileState();
}

/** Tests and benchmarks: put definitions in force without a file (null goes back to the file). */
export function setSloDefinitionsForProcess(definitions: SloDefinition[] | null): void {
  if (definitions === null) {
    holder.meridianSlosFixed = false;
    holder.meridianSlos = undefined;
    return;
  }
  holder.meridianSlosFixed = true;
  holder.meridianSlos = { file: "(in memory)", definitions, loadedAt: new Date(), rejected: null, warnings: [] };
}
