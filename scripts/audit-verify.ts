// `npm run audit:verify`: checks the audit chain (links, HMACs, head pointer) and holds it against the
// latest signed checkpoint outside the database; exits 1 when a row was edited, deleted or rewritten.
// `npm run audit:verify -- --checkpoint` then exports a checkpoint of the verified head.
// Uses DATABASE_URL, else the running console's embedded database, else opens the data folder; the
// audit key settings (MERIDIAN_AUDIT_KEY, MERIDIAN_AUDIT_KEYS_OLD) must be the console's.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
// @ts-expect-error plain ESM helper shared with the start script
import { startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";

const MAX_LINES = 50;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--checkpoint");
  if (unknown.length) {
    console.error(`usage: npm run audit:verify [-- --checkpoint]   (unknown: ${unknown.join(" ")})`);
    return 2;
  }
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
  try {
    const { verifyAuditChain } = await import("@/lib/audit/verify-audit-chain");
    const { checkpointFile } = await import("@/lib/audit/checkpoint");
    const report = await verifyAuditChain();
    // The report names no server path (the API answers it too); here, on the machine, the file is said.
    const file = checkpointFile();
    for (const w of report.warnings) console.error(`warning: ${w}`);
    if (!report.ok) {
      console.error(`audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} events`);
      for (const p of report.problems.slice(0, MAX_LINES)) console.error(`  ${p.kind}: ${p.message}`);
      if (report.problems.length > MAX_LINES) console.error(`  … and ${report.problems.length - MAX_LINES} more`);
      console.error(`(checkpoints read from ${file})`);
      return 1;
    }
    const legacy = report.legacy ? ` (${report.legacy} from before keys, plain SHA-256)` : "";
    const cp = report.checkpoint;
    const against = cp ? `; matches the checkpoint of ${cp.at} at seq ${cp.seq}${cp.count === null ? "" : ` (${cp.count} rows)`} in ${file}` : "";
    console.log(`audit chain intact: ${report.checked} events verified${legacy}${against}`);
    if (args.includes("--checkpoint")) {
      const { exportAuditCheckpoint } = await import("@/lib/audit/export-checkpoint");
      const result = await exportAuditCheckpoint({ wait: true });
      if (result.status === "empty") console.log("no checkpoint: the chain is empty");
      else if (result.status === "busy") console.log("no checkpoint: another export is running");
      else console.log(`checkpoint ${result.status === "exported" ? "written" : "unchanged"}: seq ${result.checkpoint.seq} ${result.checkpoint.hash.slice(0, 16)}… → ${result.file}`);
    }
    return 0;
  } finally {
    if (stop) await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
