import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the start script
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the throwaway PostgreSQL (the same embedded server `npm start` runs). */
    pgUrl: string;
  }
}

/** One real PostgreSQL for the whole run; each test file creates its own database in it. */
export default async function setup(project: TestProject) {
  // No fallback and no skip: without the server every data-layer test fails with this error.
  const pg = (await startEmbeddedPostgres({ persistent: false, fast: true })) as { url: string; stop: () => Promise<void> };
  project.provide("pgUrl", pg.url);
  return () => pg.stop();
}
