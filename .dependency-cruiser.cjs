// The import-cycle check of `npm run lint` (dependency-cruiser): no file in app/, components/ or lib/
// may reach itself again through its imports, type imports included (a type cycle is still a knot a
// reader has to untie). scripts/code-health.mjs reads the same graph for the figures in BENCHMARKS.md.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "An import cycle: move the shared part down (a domain's types.ts, lib/runbooks, the platform) or pass it in from lib/server.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    // `import type` counts: TypeScript erases it, the reader does not.
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(app|components|lib)/",
    exclude: { path: "\\.test\\.tsx?$|/__fixtures__/" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".mjs", ".js", ".json"], conditionNames: ["import", "require", "node", "default", "types"] },
    skipAnalysisNotInRules: true,
  },
};
