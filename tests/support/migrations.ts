import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The migration SQL files in order: tests apply them directly (the CLI path is covered by npm start). */
export function migrationSql(): string[] {
  const dir = path.resolve(__dirname, "../../prisma/migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}
