import "server-only";
import type { MeridianConfig, SourceConfig } from "@/lib/config/schema";
import { getConfig, isDemoMode } from "@/lib/config/store";
import { providerSlot } from "@/lib/registry/slot";
import type { SliSource, SloProviders } from "./sli-source";
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

const providers = providerSlot<SloProviders>("slos");

/** The SLI source for one configured source, as the composition root's registry builds it. */
export async function sliSourceFor(source: SourceConfig, config: MeridianConfig = getConfig()): Promise<SliSource> {
  return (await providers(config)).sliSource(source);
}

/** The configured source that answers one SLO, or null when none covers its region. */
export function sliSourceConfigForSlo(def: SloDefinition, config: MeridianConfig): SourceConfig | null {
  return sliSourceConfigs(config).find((s) => slosForSource(s, config, [def]).length > 0) ?? null;
}

/** The source that answers one SLO, or null when none is configured for its region. */
export async function sliSourceForSlo(def: SloDefinition, config: MeridianConfig): Promise<SliSource | null> {
  const source = sliSourceConfigForSlo(def, config);
  return source ? sliSourceFor(source, config) : null;
}
