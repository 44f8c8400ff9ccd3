import "server-only";
import type { MeridianConfig } from "@/lib/config/schema";
import { getConfig, isDemoMode } from "@/lib/config/store";
import { currentDecision, db, dbIdentity } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import { installProviderResolver } from "@/lib/registry/slot";
import { createLiveRegistry } from "./live-providers";
import type { ProviderRegistry } from "./registry-types";

export type { ProviderRegistry } from "./registry-types";

const holder = globalThis as unknown as {
  meridianRegistries?: WeakMap<MeridianConfig, Promise<ProviderRegistry>>;
  meridianSeeded?: WeakMap<object, Promise<void>>;
};

async function buildRegistry(config: MeridianConfig): Promise<ProviderRegistry> {
  const live = createLiveRegistry();
  if (!isDemoMode(config)) return live;
  // Loaded only here and only for a demo configuration: a live console never loads lib/demo.
  const { createDemoRegistry } = await import("./demo-providers");
  return createDemoRegistry(config, live);
}

/** The registry for a configuration (default: the one in force). */
export function getProviderRegistry(config: MeridianConfig = getConfig()): Promise<ProviderRegistry> {
  const registries = (holder.meridianRegistries ??= new WeakMap());
  let built = registries.get(config);
  if (!built) {
    built = buildRegistry(config);
    registries.set(config, built);
    built.catch(() => registries.delete(config));
  }
  return built;
}

/**
 * The seed runs once per database (tests give each file its own). A seed that fails (a read-only
 * standby, whose primary wrote it) is logged once; the fleet's reads do not need it to answer.
 */
function seedOnce(registry: ProviderRegistry): Promise<void> {
  if (!registry.seed) return Promise.resolve();
  const seeded = (holder.meridianSeeded ??= new WeakMap());
  // Inside a decision (its transaction holds locks) the seed waits for the next use outside one.
  const inDecision = Boolean(currentDecision());
  const database = inDecision ? dbIdentity() : db();
  let done = database ? seeded.get(database) : undefined;
  if (!database || (!done && inDecision)) return done ?? Promise.resolve();
  if (!done) {
    done = registry.seed().catch((error: unknown) => log.warn("demo seed data not written", { error: error instanceof Error ? error.message : String(error) }));
    seeded.set(database, done);
  }
  return done;
}

/** Puts the registry behind every domain's provider slot. Idempotent; the seed follows on first use. */
export function installProviders(): void {
  installProviderResolver(async (config) => {
    const registry = await getProviderRegistry(config);
    await seedOnce(registry);
    return registry;
  });
}

/** At start (instrumentation.ts, in the web and the background process): install, build and seed now. */
export async function startProviders(): Promise<ProviderRegistry> {
  installProviders();
  const registry = await getProviderRegistry();
  await seedOnce(registry);
  return registry;
}
