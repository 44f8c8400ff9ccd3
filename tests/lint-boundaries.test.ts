import path from "node:path";
import { readFileSync } from "node:fs";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import boundaries of eslint/boundaries.mjs and the server-only rule, checked the way `npm run lint`
// checks them: ESLint's Node API on fixture files that exist only in memory, placed where a wrong import
// would sit.
const root = path.resolve(__dirname, "..");
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

async function boundaryErrors(file: string, code: string) {
  return (await lint(file, code)).filter((m) => m.rule === "boundaries/dependencies");
}

describe("import boundaries", () => {
  it("refuse a source client that imports a domain", async () => {
    const errors = await boundaryErrors("lib/sources/fixture-source.ts", `import type { Workload } from "@/lib/deployments/types";\nexport type W = Workload;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('"sources"');
  });

  it("refuse a domain importing the demo fleet, but let its provider do so", async () => {
    const code = `import { loadDemoFleet } from "@/lib/demo/load-fleet";\nexport const f = loadDemoFleet;\n`;
    expect(await boundaryErrors("lib/slos/fixture.ts", code)).toHaveLength(1);
    expect(await boundaryErrors("lib/slos/providers/fixture.ts", code)).toEqual([]);
  });

  it("let domains depend one way only, through the public surface", async () => {
    // failovers sits above replication: its queries are public, its internals are not.
    expect(await boundaryErrors("lib/failovers/fixture.ts", `import { listReadinessRows } from "@/lib/replication/queries";\nexport const f = listReadinessRows;\n`)).toEqual([]);
    expect(await boundaryErrors("lib/failovers/fixture.ts", `import { getLinkState } from "@/lib/replication/link-state";\nexport const f = getLinkState;\n`)).toHaveLength(1);
    // …and replication may not reach back up, not even to failovers' public queries.
    expect(await boundaryErrors("lib/replication/fixture.ts", `import { listFailovers } from "@/lib/failovers/queries";\nexport const f = listFailovers;\n`)).toHaveLength(1);
  });

  it("keep the platform free of domains and the UI out of the demo and the sources", async () => {
    expect(await boundaryErrors("lib/http/fixture.ts", `import { listRegionSummaries } from "@/lib/regions/queries";\nexport const f = listRegionSummaries;\n`)).toHaveLength(1);
    expect(await boundaryErrors("components/regions/fixture.tsx", `import { loadDemoFleet } from "@/lib/demo/load-fleet";\nexport const f = loadDemoFleet;\n`)).toHaveLength(1);
    expect(await boundaryErrors("components/regions/fixture.tsx", `import { createKubernetes } from "@/lib/sources/kubernetes";\nexport const f = createKubernetes;\n`)).toHaveLength(1);
    // The composition root names every domain: the platform may not reach it, a route may.
    expect(await boundaryErrors("lib/snapshots/fixture.ts", `import { collectorDomains } from "@/lib/collector/domains";\nexport const f = collectorDomains;\n`)).toHaveLength(1);
    expect(await boundaryErrors("app/api/v1/fixture/route.ts", `import { collectorDomains } from "@/lib/collector/domains";\nexport const f = collectorDomains;\n`)).toEqual([]);
    // A dynamic import is an import too.
    expect(await boundaryErrors("lib/auth/fixture.ts", `export const f = () => import("@/lib/changes/queries");\n`)).toHaveLength(1);
  });

  it("let only Next's route files live under app/, and nothing import them", async () => {
    const helper = await lint("app/(dashboard)/regions/helpers.ts", `export const x = 1;\n`);
    expect(helper.map((m) => m.rule)).toContain("no-restricted-syntax");
    expect(await boundaryErrors("app/(dashboard)/regions/page.tsx", `import Layout from "../layout";\nexport default Layout;\n`)).toHaveLength(1);
  });

  it("allow a known violation only from its own file, and only while it exists", async () => {
    const file = "lib/costs/cost-reader.ts";
    const source = readFileSync(path.join(root, file), "utf8");
    expect((await lint(file, source)).filter((m) => m.rule?.startsWith("boundaries/") || m.rule?.startsWith("meridian/"))).toEqual([]);
    // The same import from another file of the same domain is new, so it fails.
    expect(await boundaryErrors("lib/costs/fixture.ts", `import { demoToday } from "@/lib/demo/costs";\nexport const f = demoToday;\n`)).toHaveLength(1);
    // The entry outlives its import: the allowlist must shrink.
    const withoutImport = source.replace(/^import \{ getDemoCostRange, demoToday \} from "@\/lib\/demo\/costs";$/m, "const getDemoCostRange = (..._: unknown[]): never => { throw new Error(); };\nconst demoToday = getDemoCostRange;");
    expect(withoutImport).not.toBe(source);
    const stale = (await lint(file, withoutImport)).filter((m) => m.rule === "meridian/known-violation");
    expect(stale).toHaveLength(1);
    expect(stale[0].message).toContain("lib/demo/costs.ts");
  });
});

describe("server-only", () => {
  const rule = async (code: string) => (await lint("lib/regions/fixture.ts", code)).filter((m) => m.rule === "meridian/server-only");

  it("is required where a module touches the database, secrets or the file system", async () => {
    expect(await rule(`import { db } from "@/lib/db/client";\nexport const f = db;\n`)).toHaveLength(1);
    expect(await rule(`import type { Tx } from "@/lib/db/client";\nexport const f = (tx: Tx) => tx;\n`)).toHaveLength(1);
    expect(await rule(`import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n`)).toHaveLength(1);
    expect(await rule(`export const f = () => process.env.X;\n`)).toHaveLength(1);
  });

  it("is satisfied by the marker, and not asked of pure modules or type-only imports", async () => {
    expect(await rule(`import "server-only";\nimport { db } from "@/lib/db/client";\nexport const f = db;\n`)).toEqual([]);
    expect(await rule(`import type { Prisma } from "@/generated/prisma/client";\nexport type J = Prisma.InputJsonValue;\n`)).toEqual([]);
    expect(await rule(`import { formatUtc } from "@/lib/format";\nexport const f = formatUtc;\n`)).toEqual([]);
  });
});
