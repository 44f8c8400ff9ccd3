// Authors a migration from the schema change: `node scripts/new-migration.mjs <name>`.
// Diffs the committed prisma/schema.prisma (git HEAD) against the working copy, using a
// throwaway embedded database (prisma migrate dev does not work with the WASM engines).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";
import { prisma } from "./lib/prisma-cli.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/new-migration.mjs <snake_case_name>");
  process.exit(2);
}
const previous = path.join(tmpdir(), `meridian-prev-${process.pid}.prisma`);
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const db = await startEmbeddedPostgres({ persistent: false, fast: true });
try {
  const sql = await prisma(["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], db.url);
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${dir}/migration.sql`);
} finally {
  await db.stop();
}
process.exit(0);
