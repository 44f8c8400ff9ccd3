// Copies packages and everything they require at run time from node_modules into another folder,
// keeping nested copies where npm nested them. The container image adds the Prisma CLI this way:
// Next's standalone output traces only what the server imports, and `migrate deploy` needs more.
// Usage: node scripts/copy-runtime-deps.mjs <target node_modules> <package>...
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const modules = path.join(root, "node_modules");
const [target, ...names] = process.argv.slice(2);
if (!target || names.length === 0) {
  console.error("usage: node scripts/copy-runtime-deps.mjs <target node_modules> <package>...");
  process.exit(2);
}

// Node's lookup: the package's own node_modules, then each parent folder's.
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root) return null;
  }
}

const seen = new Set();
const queue = names.map((name) => {
  const dir = resolvePackage(name, root);
  if (!dir) throw new Error(`${name} is not installed in ${modules}`);
  return dir;
});
while (queue.length > 0) {
  const dir = queue.shift();
  if (seen.has(dir)) continue;
  seen.add(dir);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  // Peer dependencies are left out: here they are typescript (prisma) and pg-native (pg), neither needed.
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const found = resolvePackage(name, dir);
    if (!found) throw new Error(`${name} (needed by ${pkg.name}) is not installed`);
    queue.push(found);
  }
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
    const found = resolvePackage(name, dir);
    if (found) queue.push(found);
  }
}

for (const dir of seen) {
  const dest = path.join(target, path.relative(modules, dir));
  // Nested node_modules are copied with their own package entry when the walk reaches them.
  cpSync(dir, dest, { recursive: true, verbatimSymlinks: true, filter: (src) => src === dir || !src.startsWith(path.join(dir, "node_modules")) });
}
console.log(`copied ${seen.size} packages to ${target}`);
