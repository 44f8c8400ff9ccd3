// Every vitest file gets the composition root's provider registry, as the console's processes do at
// start (instrumentation.ts): built lazily from the configuration in force on first use, so a test
// that sets a configuration and reads a domain needs nothing more. The root is imported on first
// use only, so a pure unit test never loads it (nor, for a live configuration, the demo fleet).
import { installProviderResolver, resolveProviders } from "@/lib/registry/slot";

installProviderResolver(async (config) => {
  const { installProviders } = await import("@/lib/server/registry");
  installProviders(); // the root's own resolver answers from now on (and writes the demo's seed once per database)
  return resolveProviders(config);
});
