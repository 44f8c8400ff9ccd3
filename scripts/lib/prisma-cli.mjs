// Runs the Prisma CLI against a database URL (the CLI needs DATABASE_URL; see prisma.config.ts).
// Async on purpose: the embedded PGlite may be served from this same process's event loop.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

export async function prisma(args, databaseUrl) {
  const { stdout } = await run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${path.join(root, "scripts/unref-long-timers.cjs")}`.trim(),
    },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export function migrateDeploy(databaseUrl) {
  return prisma(["migrate", "deploy"], databaseUrl);
}
