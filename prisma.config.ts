import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI uses adapter-pg like the app. Prisma does not load .env when a config file exists,
// and without DATABASE_URL it would try to download a native engine: fail clearly instead.
const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  throw new Error("DATABASE_URL is not set: run prisma through `npm start` / scripts/db.mjs, or export it.");
}

// prisma#27403: adapter-pg cannot deserialize the catalog types `name` (19) and `char` (18)
// that migrate deploy reads; report them as text (25). CLI only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Result = require("pg/lib/result.js");
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function patchedAddFields(fieldDescriptions: Array<{ dataTypeID: number }>) {
  for (const field of fieldDescriptions) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
  return addFields.call(this, fieldDescriptions);
};

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaPg({ connectionString }),
});
