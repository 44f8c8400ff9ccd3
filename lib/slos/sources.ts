import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { isDemoMode } from "@/lib/config/store";
import { loadDemoFleet } from "@/lib/demo/load-fleet";
import { readSecretRef } from "@/lib/env";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import { createDemoSliSource } from "./providers/demo";
import { createPrometheusSliSource } from "./providers/prometheus";
import type { SliSource } from "./sli-source";
import type { SloDefinition } from "./types";

/** The sources that can answer SLIs: the demo fleet when configured, otherwise every Prometheus. */
export function sliSourceConfigs(config: MeridianConfig): SourceConfig[] {
  if (isDemoMode(config)) return config.sources.filter((s) => s.kind === "demo");
  return config.sources.filter((s) => s.kind === "prometheus" && s.url);
}

/** Which SLOs a source answers: all for the demo; a Prometheus source its regions (all when unset). */
export function slosForSource(source: SourceConfig, config: MeridianConfig, definitions: SloDefinition[]): SloDefinition[] {
  const sources = sliSourceConfigs(config);
  // An SLO goes to the first source that covers its region, so two sources never both answer it.
  const owner = (d: SloDefinition) => sources.find((s) => s.kind === "demo" || !s.regions || s.regions.includes(d.region));
  return definitions.filter((d) => owner(d)?.name === source.name);
}

export function sliSourceFor(source: SourceConfig): SliSource {
  if (source.kind === "demo") return createDemoSliSource(() => loadDemoFleet());
  if (source.kind === "prometheus" && source.url) {
    const token = source.bearerToken ? readSecretRef(source.bearerToken.slice("env:".length)) : undefined;
    return createPrometheusSliSource(createPrometheusClient({ url: source.url, timeoutMs: source.timeout, bearerToken: token }));
  }
  throw new Error(`source ${source.name} (${source.kind}) cannot answer SLI queries`);
}

/** The configured source that answers one SLO, or null when none covers its region. */
export function sliSourceConfigForSlo(def: SloDefinition, config: MeridianConfig): SourceConfig | null {
  return sliSourceConfigs(config).find((s) => slosForSource(s, config, [def]).length > 0) ?? null;
}

/** The source that answers one SLO, or null when none is configured for its region. */
export function sliSourceForSlo(def: SloDefinition, config: MeridianConfig): SliSource | null {
  const source = sliSourceConfigForSlo(def, config);
  return source ? sliSourceFor(source) : null;
}
