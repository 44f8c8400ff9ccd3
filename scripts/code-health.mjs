// The structure figures of issue 29, measured the same way before and after:
//   node scripts/code-health.mjs [--json]
// - known violations: entries of eslint/known-violations.mjs (0 when the file is gone)
// - the largest import cycle in lib/: the biggest strongly connected component of lib/'s import graph
//   (type imports included, tests excluded), read with dependency-cruiser and .dependency-cruiser.cjs
// - files reached from lib/changes/apply-change.ts, and how many of them are lib/demo files
// - functions over 80 lines in lib/ (non-test .ts/.tsx; every function, method, arrow and accessor
//   counted on its own, first line to last)
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const require = createRequire(import.meta.url);
const { options } = require(path.join(root, ".dependency-cruiser.cjs"));
const json = process.argv.includes("--json");

async function knownViolations() {
  const file = path.join(root, "eslint/known-violations.mjs");
  if (!existsSync(file)) return 0;
  return (await import(file)).knownViolations.length;
}

async function importGraph() {
  const tsConfig = extractTSConfig(path.join(root, "tsconfig.json"));
  const result = await cruise(["lib"], { ...options, includeOnly: "^lib/", outputType: "json" }, {}, { tsConfig });
  const output = typeof result.output === "string" ? JSON.parse(result.output) : result.output;
  const graph = new Map();
  for (const m of output.modules) graph.set(m.source, m.dependencies.map((d) => d.resolved).filter((r) => r.startsWith("lib/")));
  return graph;
}

// Tarjan's strongly connected components, iterative so a deep graph cannot overflow the stack.
function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index); low.set(start, index++); stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = graph.get(v) ?? [];
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index++); stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1][0], Math.min(low.get(work[work.length - 1][0]), low.get(v)));
      if (low.get(v) === idx.get(v)) {
        const scc = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
        if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
      }
    }
  }
  return out.sort((a, b) => b.length - a.length);
}

function reached(graph, from) {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length) for (const w of graph.get(todo.pop()) ?? []) if (!seen.has(w)) { seen.add(w); todo.push(w); }
  seen.delete(from);
  return [...seen].sort();
}

function longFunctions(files, limit = 80) {
  const found = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(node.end).line;
        const lines = last - first + 1;
        if (lines > limit) found.push({ file, line: first + 1, lines, name: node.name?.getText(sf) ?? "(anonymous)" });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

const graph = await importGraph();
const sccs = cycles(graph);
const largest = sccs[0] ?? [];
const fromApply = reached(graph, "lib/changes/apply-change.ts");
const libFiles = [...graph.keys()].filter((f) => /\.tsx?$/.test(f));
const long = longFunctions(libFiles);
const figures = {
  knownViolations: await knownViolations(),
  cyclesInLib: sccs.length,
  largestCycle: { files: largest.length, folders: [...new Set(largest.map((f) => f.split("/")[1]))].sort() },
  reachedFromApplyChange: { files: fromApply.length, demoFiles: fromApply.filter((f) => f.startsWith("lib/demo/")).length },
  functionsOver80LinesInLib: long.length,
};
if (json) console.log(JSON.stringify({ ...figures, cycles: sccs, longFunctions: long }, null, 2));
else {
  console.log(JSON.stringify(figures, null, 2));
  for (const scc of sccs) console.log(`cycle of ${scc.length}: ${scc.join(" ")}`);
  for (const f of long) console.log(`${f.lines} lines: ${f.file}:${f.line} ${f.name}`);
}
