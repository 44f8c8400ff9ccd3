// `npm run bench [-- filter]`: runs every bench/*.bench.ts case and prints one table.
import { readdirSync } from "node:fs";
import path from "node:path";
import { installProviders } from "@/lib/server/registry";
import type { BenchResult } from "./support";

async function main() {
  const filter = process.argv[2] ?? "";
  const files = readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
  const results: BenchResult[] = [];
  // As the console's processes do at start: the domains read through the composition root's providers.
  installProviders();
  for (const file of files) {
    console.error(`… ${file}`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<BenchResult[]> };
    results.push(...(await mod.run()));
  }
  const rows = results.map((r) => `| ${r.name} | ${r.samples} | ${r.p50ms} | ${r.p95ms} | ${r.note ?? ""} |`);
  console.log(["| case | samples | p50 ms | p95 ms | note |", "| --- | --- | --- | --- | --- |", ...rows].join("\n"));
  process.exit(0);
}

void main();
