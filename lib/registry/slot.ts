import "server-only";
import type { MeridianConfig } from "@/lib/config/schema";
import { getConfig } from "@/lib/config/store";

/**
 * Where a domain asks for its providers (SLI source, lag source, cost reader, step executors …)
 * without knowing who built them: the composition root (lib/server/registry.ts) installs one
 * resolver at start, and it alone chooses the demo fleet or the live sources for a configuration.
 * On globalThis, as the config and the database client are: Next bundles this module into more
 * than one chunk, and the web process, the background process and vitest each install it once.
 */
export type ProviderResolver = (config: MeridianConfig) => Promise<Readonly<Record<string, unknown>>>;

const holder = globalThis as unknown as { meridianProviderResolver?: ProviderResolver };

export function installProviderResolver(resolve: ProviderResolver): void {
  holder.meridianProviderResolver = resolve;
}

/** What the installed resolver answers for a configuration (fails closed when none is installed). */
export async function resolveProviders(config: MeridianConfig): Promise<Readonly<Record<string, unknown>>> {
  const resolve = holder.meridianProviderResolver;
  // Fail closed: without the root nothing here may guess whether the fleet is the demo or live.
  if (!resolve) throw new Error("no provider registry: the composition root installs it at start (startProviders in lib/server/registry.ts)");
  return resolve(config);
}

/** A domain's accessor: `const providers = providerSlot<SloProviders>("slos")`, then `await providers()`. */
export function providerSlot<T>(domain: string): (config?: MeridianConfig) => Promise<T> {
  return async (config = getConfig()) => {
    const providers = (await resolveProviders(config))[domain];
    if (!providers) throw new Error(`the provider registry has nothing for ${domain}`);
    return providers as T;
  };
}
