import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // Tests run server code outside Next: the marker that keeps it out of client bundles is a no-op here.
      "server-only": path.resolve(__dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    // The composition root's provider registry, installed as the console's processes install it at start.
    setupFiles: ["tests/support/providers.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Data-layer tests share one throwaway PostgreSQL per file; keep CPU use sane on 2 cores.
    maxWorkers: 2,
    // A fixed audit key, so tests never generate one into the repository's .data/.
    env: { MERIDIAN_AUDIT_KEY: "vitest-audit-key-vitest-audit-key-0123456789" },
  },
});
