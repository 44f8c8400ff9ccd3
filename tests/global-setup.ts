import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the start script
import { startRealPostgres } from "../scripts/lib/real-postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the throwaway real PostgreSQL, or "" with the reason in pgSkipReason. */
    pgUrl: string;
    pgSkipReason: string;
  }
}

/** One real PostgreSQL for the whole run; each test file creates its own database in it. */
export default async function setup(project: TestProject) {
  try {
    const pg = (await startRealPostgres()) as { url: string; stop: () => void };
    project.provide("pgUrl", pg.url);
    project.provide("pgSkipReason", "");
    return () => pg.stop();
  } catch (error) {
    project.provide("pgUrl", "");
    project.provide("pgSkipReason", (error as Error).message);
    return () => undefined;
  }
}
