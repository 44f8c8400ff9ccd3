import path from "node:path";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
    const code = `import { demoFleet } from "@/lib/demo/fleet";\nexport const f = demoFleet;\n`;
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
    expect(await boundaryErrors("components/regions/fixture.tsx", `import { demoFleet } from "@/lib/demo/fleet";\nexport const f = demoFleet;\n`)).toHaveLength(1);
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

  it("refuse the demo fleet outside lib/demo, providers and the root, type imports included", async () => {
    const typeOnly = `import type { DemoFleet } from "@/lib/demo/fleet";\nexport type F = DemoFleet;\n`;
    expect(await boundaryErrors("lib/costs/fixture.ts", typeOnly)).toHaveLength(1);
    expect(await boundaryErrors("lib/failovers/fixture.ts", `import { getDemoFailoverPath } from "@/lib/demo/failover";\nexport const f = getDemoFailoverPath;\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/costs/providers/fixture.ts", typeOnly)).toEqual([]);
    expect(await boundaryErrors("lib/server/fixture.ts", typeOnly)).toEqual([]);
  });

  it("refuse the demo importing a domain's logic, but let it use the vocabulary", async () => {
    expect(await boundaryErrors("lib/demo/fixture.ts", `import { executeRunbook } from "@/lib/failovers/execute-runbook";\nexport const f = executeRunbook;\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/demo/fixture.ts", `import type { Preflight } from "@/lib/failovers/preflight";\nexport type P = Preflight;\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/demo/fixture.ts", `import { loadTopologyTimeline } from "@/lib/topology/store";\nexport const f = loadTopologyTimeline;\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/demo/fixture.ts", `import type { FailoverPath } from "@/lib/failovers/types";\nimport { getRunbookServices } from "@/lib/runbooks/config-schema";\nexport const f = (p: FailoverPath) => [p, getRunbookServices];\n`)).toEqual([]);
  });

  it("have no allowlist: every file the product ships passes as it is", async () => {
    expect(existsSync(path.join(root, "eslint/known-violations.mjs"))).toBe(false);
    const files = ["lib/costs/cost-reader.ts", "lib/failovers/preflight.ts", "lib/failovers/run-failover.ts", "lib/slos/sources.ts", "lib/replication/queries.ts", "lib/snapshots/freshness.ts"];
    for (const file of files) expect((await lint(file, readFileSync(path.join(root, file), "utf8"))).filter((m) => m.rule?.startsWith("boundaries/"))).toEqual([]);
  });
});

describe("import cycles", () => {
  // dependency-cruiser with the repository's own configuration, as `npm run lint` runs it, on fixture
  // files written into the tree (its resolver and tsconfig paths apply to them as to any file).
  const dir = path.join(root, "lib", "cycle-fixture");
  const cruise = (target: string) =>
    promisify(execFile)(process.execPath, [path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"), target, "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: root }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b;\n`);
    // A type import closes the cycle: it counts too.
    writeFileSync(path.join(dir, "b.ts"), `import type { C } from "@/lib/cycle-fixture/c";\nexport const b = 1 as unknown as C;\n`);
    writeFileSync(path.join(dir, "c.ts"), `import type { a } from "./a";\nexport type C = typeof a;\n`);
    writeFileSync(path.join(dir, "d.ts"), `import { b } from "./b";\nexport const d = b;\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fail the lint on a cycle, type imports included, and pass a tree without one", async () => {
    const withCycle = await cruise("lib/cycle-fixture");
    expect(withCycle.code).not.toBe(0);
    expect(withCycle.out).toContain("no-cycle");
    expect(withCycle.out).toContain("lib/cycle-fixture/c.ts");
    rmSync(path.join(dir, "c.ts"));
    writeFileSync(path.join(dir, "b.ts"), `export const b = 1;\n`);
    expect(await cruise("lib/cycle-fixture")).toMatchObject({ code: 0 });
  });

  it("find none in the product", async () => {
    expect(await cruise("lib")).toMatchObject({ code: 0 });
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
