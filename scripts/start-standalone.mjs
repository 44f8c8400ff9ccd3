// The container's start (Dockerfile CMD): migrate the PostgreSQL named by DATABASE_URL, then run
// Next's standalone server in this process so that stop signals reach it directly. `npm start`
// (scripts/start.mjs) is the laptop path: an embedded database, a generated secret, `next start`.
// First: the server Next creates in this process answers TRACE, CONNECT and unknown methods itself.
import "./lib/http-guard.cjs";
import { migrateDeploy } from "./lib/prisma-cli.mjs";

// A container has no embedded database and no folder to keep a generated session secret in.
const missing = ["DATABASE_URL", "NEXTAUTH_SECRET"].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`${missing.join(" and ")} must be set: the container needs a PostgreSQL URL and a session secret.`);
  process.exit(1);
}

try {
  await migrateDeploy(process.env.DATABASE_URL);
} catch (error) {
  console.error(`prisma migrate deploy failed:\n${(error.stderr || error.stdout || error.message).trim()}`);
  process.exit(1);
}
console.log("database migrated");

await import(new URL("../server.js", import.meta.url).href);
