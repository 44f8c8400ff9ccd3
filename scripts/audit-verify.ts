// `npm run audit:verify`: checks the audit hash chain; exits 1 when a row was edited or deleted.
// Uses DATABASE_URL, else the running console's embedded database, else opens the data folder.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
// @ts-expect-error plain ESM helper shared with the start script
import { startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";

async function main() {
  const dataDir = path.resolve(process.env.MERIDIAN_DATA_DIR ?? ".data");
  let stop: (() => Promise<void>) | null = null;
  if (!process.env.DATABASE_URL) {
    const running = path.join(dataDir, "database-url");
    if (existsSync(running)) process.env.DATABASE_URL = readFileSync(running, "utf8").trim();
    else {
      const embedded = (await startEmbeddedPostgres({ dataDir })) as { url: string; stop: () => Promise<void> };
      process.env.DATABASE_URL = embedded.url;
      stop = embedded.stop;
    }
  }
  process.env.NEXTAUTH_SECRET ??= "not-used-by-audit-verify";
  const { verifyAuditChain } = await import("@/lib/audit/verify-audit-chain");
  const report = await verifyAuditChain();
  if (report.ok) console.log(`audit chain intact: ${report.checked} events verified`);
  else {
    console.error(`audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} events`);
    for (const p of report.problems) console.error(`  seq ${p.seq}: ${p.kind}: ${p.message}`);
  }
  if (stop) await stop();
  process.exit(report.ok ? 0 : 1);
}

void main();
