// Starts the built console for the e2e suite on a throwaway embedded database.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dataDir = mkdtempSync(path.join(tmpdir(), "meridian-e2e-"));
const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  env: { ...process.env, MERIDIAN_EPHEMERAL_DB: "1", MERIDIAN_DATA_DIR: dataDir, NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret", MERIDIAN_LOG_LEVEL: "warn" },
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
