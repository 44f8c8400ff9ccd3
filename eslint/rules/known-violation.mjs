// meridian/known-violation: each entry of eslint/known-violations.mjs must still describe an import
// its file makes. When the import goes, the entry has to go too, or the same import could come back
// unnoticed.
import path from "node:path";

const EXTENSIONS = /(\.d)?\.(ts|tsx|mts|js|mjs)$/;

/** "@/lib/x", "./x" or "../x" → "lib/x" relative to the repository, without extension or /index. */
function resolveLocal(source, fromFile, root) {
  let abs;
  if (source.startsWith("@/")) abs = path.join(root, source.slice(2));
  else if (source.startsWith(".")) abs = path.resolve(path.dirname(fromFile), source);
  else return null;
  return path.relative(root, abs).replace(EXTENSIONS, "").replace(/\/index$/, "");
}

const strip = (file) => file.replace(EXTENSIONS, "");

export const knownViolationRule = {
  meta: {
    type: "problem",
    docs: { description: "An allowlisted boundary violation must still exist" },
    schema: [{ type: "object", properties: { root: { type: "string" }, entries: { type: "array" } }, additionalProperties: false }],
    messages: { gone: '{{from}} no longer imports {{to}}: delete its entry from eslint/known-violations.mjs.' },
  },
  create(context) {
    const { root, entries } = context.options[0];
    const file = path.relative(root, context.filename);
    const expected = entries.filter((e) => e.from === file);
    if (expected.length === 0) return {};
    const seen = new Set();
    const note = (node) => {
      if (node?.type === "Literal" && typeof node.value === "string") {
        const target = resolveLocal(node.value, context.filename, root);
        if (target) seen.add(target);
      }
    };
    return {
      ImportDeclaration: (node) => note(node.source),
      ExportNamedDeclaration: (node) => note(node.source),
      ExportAllDeclaration: (node) => note(node.source),
      ImportExpression: (node) => note(node.source),
      "Program:exit"(program) {
        for (const e of expected) {
          if (!seen.has(strip(e.to))) context.report({ node: program, messageId: "gone", data: { from: e.from, to: e.to } });
        }
      },
    };
  },
};
