// Import boundaries: the layer picture of docs/architecture.md, kept by eslint-plugin-boundaries.
// Every file under app/, components/ and lib/ is classified below; an import is refused unless a
// policy allows it (last matching policy wins). There is no allowlist: an import that breaks a rule
// fails `npm run lint` until the code is restructured.
import path from "node:path";
import boundaries from "eslint-plugin-boundaries";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Data domains, lowest first. A domain may use its own files freely and, of a domain listed BEFORE
 * it, only the public surface: types.ts, schemas.ts, keys.ts, queries.ts and config-schema.ts.
 * So dependencies between domains run one way; reversing one means moving it down this list.
 */
export const DOMAIN_ORDER = ["users", "runbooks", "topology", "regions", "deployments", "slos", "replication", "costs", "changes", "timeline", "failovers", "overview", "read-models"];

const DOMAINS = `{${DOMAIN_ORDER.join(",")}}`;

// Next's file conventions: the only files app/ may hold (see the no-restricted-syntax rule below).
export const ROUTE_FILES = "{page,layout,route,loading,error,not-found,forbidden,unauthorized,template,default,global-error,manifest,icon,apple-icon,opengraph-image,sitemap,robots}";

const pf = { partialMatch: false };
const elements = [
  { type: "app", pattern: "app", ...pf },
  { type: "components", pattern: "components/*", capture: ["area"], ...pf },
  { type: "sources", pattern: "lib/sources", ...pf },
  { type: "demo", pattern: "lib/demo", ...pf },
  { type: "provider", pattern: `lib/${DOMAINS}/providers`, capture: ["domain"], ...pf },
  { type: "domain", pattern: `lib/${DOMAINS}`, capture: ["domain"], ...pf },
  // Outside tools people act through (GitHub, Slack): surfaces like the pages, so they call domains' commands.
  { type: "integration", pattern: "lib/integrations/*", capture: ["tool"], ...pf },
  // Everything else in lib/ is shared infrastructure: db, env, http, auth, audit, jobs, config, …
  { type: "platform", pattern: "lib/*", capture: ["name"], ...pf },
  { type: "platform", pattern: "lib", ...pf }, // lib/env.ts, lib/format.ts, lib/nav.ts
  { type: "generated", pattern: "generated", ...pf },
];

const files = [
  // The composition root: the few files that wire domains, the demo and the platform together.
  { category: "root", pattern: ["lib/server/**", "lib/collector/domains.ts", "lib/collector/scheduler.ts", "lib/jobs/worker.ts", "lib/jobs/watchdog.ts"] },
  // A domain's public surface (see DOMAIN_ORDER).
  { category: "contract", pattern: "lib/*/{types,schemas,keys}.ts" },
  // Topology is the time axis every domain (and the demo, simulating its past) reads roles through:
  // its pure as-of rules are vocabulary like types.
  { category: "contract", pattern: "lib/topology/timeline.ts" },
  // Which way a replication link runs under given roles: a pure rule the demo's lag simulates with.
  { category: "contract", pattern: "lib/replication/link-ends.ts" },
  { category: "queries", pattern: ["lib/*/queries.ts", "lib/topology/store.ts"] },
  // A domain's slice of the YAML schema, assembled by lib/config/schema.ts: a leaf (zod and lib/config/duration only).
  { category: "config-slice", pattern: ["lib/*/config-schema.ts", "lib/integrations/*/config-schema.ts"] },
];

const el = (type, captured) => ({ element: captured ? { type, captured } : { type } });
const domainEl = (domains, extra = {}) => ({ element: { type: ["domain", "provider"], captured: domains.map((domain) => ({ domain })) }, ...extra });
const PUBLIC_SURFACE = { file: { categories: { anyOf: ["contract", "queries", "config-slice"] } } };

const domainPolicies = DOMAIN_ORDER.map((domain, i) => ({
  from: { element: { type: ["domain", "provider"], captured: { domain } } },
  allow: {
    to: [
      domainEl([domain]),
      ...(i > 0 ? [domainEl(DOMAIN_ORDER.slice(0, i), PUBLIC_SURFACE)] : []),
      el("platform"),
      el("sources"),
      el("generated"),
    ],
  },
}));

const policies = [
  {
    // Routes call domains, platform and components; of app/ they import only stylesheets.
    from: el("app"),
    allow: { to: [el("components"), el("domain"), el("platform"), { element: { type: "app" }, file: { path: "**/*.css" } }] },
  },
  {
    // The scenario switch (Settings, the overview's banner, /api/v1/scenario) is the demo fleet's own admin surface.
    from: el("app"),
    allow: { to: { element: { type: "demo" }, file: { path: "**/lib/demo/{scenarios,state}.ts" } } },
  },
  // Webhook and interaction routes hand the request to their integration.
  { from: el("app"), allow: { to: el("integration") } },
  // An integration is another surface over the domains: it reads their queries and runs their commands
  // (a Slack approval is the console's own reviewChange), through the platform and the sources' clients.
  { from: el("integration"), allow: { to: [el("integration"), el("domain"), el("platform"), el("sources"), el("generated")] } },
  { from: el("components"), allow: { to: [el("components"), el("domain"), el("platform")] } },
  // Outside systems' clients know the wire format and the platform (errors, env, source config), never a domain.
  { from: el("sources"), allow: { to: [el("sources"), el("platform")] } },
  // The platform knows no domain; lib/config/schema.ts assembles the domains' YAML slices.
  { from: el("platform"), allow: { to: [el("platform"), el("sources"), el("generated"), { file: { categories: "config-slice" } }] } },
  // The demo fleet simulates the domains' vocabulary (types, YAML slices), not their logic.
  { from: el("demo"), allow: { to: [el("demo"), el("platform"), el("generated"), { element: { type: "domain" }, file: { categories: { anyOf: ["contract", "config-slice"] } } }] } },
  ...domainPolicies,
  // Providers are where the demo fleet plugs into a domain.
  { from: el("provider"), allow: { to: el("demo") } },
  // The composition root may wire anything but the UI.
  { from: { file: { categories: "root" } }, allow: { to: [el("platform"), el("domain"), el("provider"), el("demo"), el("sources"), el("generated"), el("integration")] } },
  // The composition root names every domain, so only routes and the root itself may import it; a
  // platform module that did would know every domain through it.
  { disallow: { to: { file: { categories: "root" } } } },
  { from: [el("app"), { file: { categories: "root" } }], allow: { to: { file: { categories: "root" } } } },
  // A YAML slice stays a leaf whatever folder it sits in.
  { from: { file: { categories: "config-slice" } }, disallow: { to: [el("domain"), el("provider"), el("demo"), el("sources"), el("app"), el("components")] } },
];

export const boundariesConfig = [
  {
    // proxy.ts and instrumentation.ts, Next's two entry files, sit outside the picture.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "boundaries/root-path": root,
      "boundaries/elements": elements,
      "boundaries/files": files,
      "boundaries/elements-single-match": true,
      // import, export … from and import(): a dynamic import crosses a boundary all the same.
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import"],
      // Tests reach anything they exercise; the boundaries are for product code.
      "boundaries/ignore": ["**/*.test.ts", "**/*.test.tsx"],
      "import/resolver": { typescript: { project: path.join(root, "tsconfig.json") } },
    },
    rules: {
      // npm packages and Node built-ins are not checked (checkAllOrigins: false). Imports inside one element
      // (one app/, one domain folder) are, and so are imports of files outside every element.
      "boundaries/dependencies": ["error", { default: "disallow", checkInternals: true, checkUnknownLocals: true, policies }],
    },
  },
  {
    // app/ holds routes only: any other file there is an error (logic goes to lib/<domain>/, UI to components/).
    files: ["app/**/*.{ts,tsx}"],
    ignores: [`app/**/${ROUTE_FILES}.{ts,tsx}`],
    rules: {
      "no-restricted-syntax": ["error", { selector: "Program", message: "app/ holds Next route files only (page, layout, route, …): move logic to lib/<domain>/ and UI to components/<domain>/." }],
    },
  },
];
