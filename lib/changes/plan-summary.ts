import { ABSENT, diffAttributes, getSensitiveVariableValues, isRecord, leafValue, type AttributeDiff, type DiffValue } from "./attribute-diff";
import type { PlanChange, PlanJson, ProviderConfig, ResourceChange } from "./plan-json";

export { redactPlan, SENSITIVE_TEXT, UNKNOWN_TEXT, type AttributeDiff, type DiffValue } from "./attribute-diff";

/**
 * Turns a parsed plan into what the change page shows: counts that equal terraform's
 * "Plan:" line, a per-resource diff with unknown and sensitive values masked, destructive and
 * stateful resources, the blast radius by region and the services touched. Pure and serialisable:
 * the result is stored as the change request's `summary`.
 */


export type { ResourceAction } from "./plan-json";
import type { ResourceAction } from "./plan-json";


export type RegionSource = "attribute" | "provider" | "variable" | "alias" | "workspace";

export type ResourceSummary = {
  address: string;
  module: string | null;
  mode: "managed" | "data";
  type: string;
  name: string;
  action: ResourceAction;
  /** For replacements: terraform's order and reason ("replace_because_tainted", …). */
  replaceOrder: "delete-then-create" | "create-then-delete" | null;
  actionReason: string | null;
  importing: boolean;
  movedFrom: string | null;
  deposed: string | null;
  destructive: boolean;
  /** Why the resource holds data (type or name), or null. */
  stateful: string | null;
  regions: string[];
  regionSource: RegionSource;
  providerAlias: string | null;
  attributes: AttributeDiff[];
  /** Attributes an update/replace leaves alone (hidden like terraform does). */
  unchangedAttributes: number;
  attributesTruncated: boolean;
};

export type OutputSummary = { name: string; action: ResourceAction; before: DiffValue; after: DiffValue };

export type PlanCounts = {
  /** The three numbers of terraform's line: a replacement is one add and one destroy. */
  add: number;
  change: number;
  destroy: number;
  import: number;
  /** How many of add/destroy are replacements (shown as such). */
  replace: number;
  read: number;
  forget: number;
};

export type RegionImpact = {
  region: string;
  active: boolean;
  resources: number;
  create: number;
  update: number;
  delete: number;
  replace: number;
  stateful: number;
  /** Σ per-resource weights; see RESOURCE_WEIGHT. */
  weight: number;
};

export type ServiceImpact = { service: string; via: Array<"workspace" | "tag" | "name">; regions: string[]; resources: string[] };

export type PlanSummary = {
  formatVersion: string;
  terraformVersion: string;
  timestamp: string | null;
  counts: PlanCounts;
  /** Exactly terraform's "Plan: …" line, or null where terraform prints none (no or output-only changes). */
  planLine: string | null;
  hasChanges: boolean;
  resources: ResourceSummary[];
  outputs: OutputSummary[];
  destructive: string[];
  statefulDestructive: string[];
  blastRadius: RegionImpact[];
  services: ServiceImpact[];
  /** Resource list cut at maxResources (counts and blast radius still cover everything). */
  resourcesTruncated: boolean;
};

export type SummarizeOptions = {
  /** The workspace's regions: where resources without a provider region land. */
  workspaceRegions: string[];
  /** Regions where the touched services are active: destroy/replace there weighs more. */
  activeRegions?: string[];
  /** workspace.services: touched by any change in this workspace. */
  workspaceServices?: string[];
  /** Every service id in config, matched against resource tags and names. */
  knownServices?: string[];
  /** Region ids in config; provider aliases that name one count as that region. */
  knownRegions?: string[];
  maxResources?: number;
  maxAttributesPerResource?: number;
};

/**
 * Per-resource blast-radius weight. Changes in place are cheap to reason about; destroying or
 * replacing something serving traffic (active region) or holding data is what approvers must see.
 */
export const RESOURCE_WEIGHT = { change: 1, destructive: 4, activeMultiplier: 3, statefulMultiplier: 2 } as const;

const STATEFUL_TYPE_PREFIXES = [
  "aws_db_instance", "aws_db_cluster", "aws_rds_cluster", "aws_ebs_volume", "aws_ebs_snapshot", "aws_s3_bucket",
  "aws_dynamodb_table", "aws_elasticache", "aws_efs", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster",
  "aws_msk_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_kinesis_stream", "aws_memorydb_cluster",
  "aws_fsx_", "aws_backup_vault", "aws_kms_key", "aws_qldb_ledger", "aws_keyspaces_table", "aws_timestreamwrite_table",
  "kubernetes_persistent_volume", "kubernetes_stateful_set", "google_sql_database_instance", "google_storage_bucket",
  "google_compute_disk", "azurerm_mssql_database", "azurerm_postgresql", "azurerm_storage_account", "azurerm_managed_disk",
];
// Name tokens that mark a resource as holding data when its type says nothing (terraform_data, modules).
const STATEFUL_NAME_TOKENS = new Set([
  "postgres", "postgresql", "mysql", "mariadb", "db", "database", "rds", "aurora", "redis", "dynamodb", "volume", "volumes",
  "bucket", "disk", "etcd", "kafka", "mongo", "mongodb", "cassandra", "opensearch", "elasticsearch", "pv", "pvc",
  "chaindata", "ledger", "snapshot", "storage",
]);
const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

export function getStatefulReason(type: string, name: string): string | null {
  const prefix = STATEFUL_TYPE_PREFIXES.find((p) => type.startsWith(p));
  if (prefix) return `${type} holds data`;
  const token = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .find((t) => STATEFUL_NAME_TOKENS.has(t));
  return token ? `name "${name}" suggests stored data (${token})` : null;
}

/** Collapses terraform's action list the way its renderer does (jsonplan.UnmarshalActions). */
export function getResourceAction(actions: PlanChange["actions"]): { action: ResourceAction; replaceOrder: ResourceSummary["replaceOrder"]; thenForget: boolean } {
  const [a, b] = actions;
  if (actions.length === 2) {
    if (a === "delete" && b === "create") return { action: "replace", replaceOrder: "delete-then-create", thenForget: false };
    if (a === "create" && b === "delete") return { action: "replace", replaceOrder: "create-then-delete", thenForget: false };
    if (a === "create" && b === "forget") return { action: "create", replaceOrder: null, thenForget: true };
    throw new Error(`unrecognised action list: ${actions.join(", ")}`);
  }
  switch (a) {
    case "create":
    case "update":
    case "delete":
    case "read":
    case "forget":
    case "no-op":
      return { action: a, replaceOrder: null, thenForget: false };
    default:
      // "open" (ephemeral resources) changes nothing lasting.
      return { action: "no-op", replaceOrder: null, thenForget: false };
  }
}

type ServiceEntry = { via: Set<ServiceImpact["via"][number]>; regions: Set<string>; resources: Set<string> };

/** What summarizePlan accumulates over the resource changes, before sorting it into the summary. */
type PlanTally = {
  counts: PlanCounts;
  /** Resource changes terraform would show (and count). */
  rendered: number;
  resources: ResourceSummary[];
  regions: Map<string, RegionImpact>;
  services: Map<string, ServiceEntry>;
};

export function summarizePlan(plan: PlanJson, options: SummarizeOptions): PlanSummary {
  const tally: PlanTally = {
    counts: { add: 0, change: 0, destroy: 0, import: 0, replace: 0, read: 0, forget: 0 },
    rendered: 0,
    resources: [],
    regions: new Map(),
    services: new Map(),
  };
  const context = createResourceContext(plan, options);
  for (const rc of plan.resource_changes) tallyResourceChange(tally, rc, context);
  if (tally.rendered > 0) addWorkspaceServices(tally, options.workspaceServices ?? []);
  const outputs = summarizeOutputs(plan, context.secrets);
  const { counts, rendered, resources } = tally;
  return {
    formatVersion: plan.format_version,
    terraformVersion: plan.terraform_version,
    timestamp: plan.timestamp ?? null,
    counts,
    planLine: formatPlanLine(counts, rendered),
    hasChanges: rendered > 0 || outputs.length > 0,
    resources,
    outputs,
    destructive: resources.filter((r) => r.destructive).map((r) => r.address),
    statefulDestructive: resources.filter((r) => r.destructive && r.stateful).map((r) => r.address),
    blastRadius: [...tally.regions.values()].sort((a, b) => b.weight - a.weight || (a.region < b.region ? -1 : 1)),
    services: sortServices(tally.services),
    resourcesTruncated: resources.length < rendered,
  };
}

/** What every resource change is summarised against, worked out once per plan. */
type ResourceContext = {
  plan: PlanJson;
  options: SummarizeOptions;
  maxResources: number;
  maxAttributes: number;
  active: Set<string>;
  providerKeys: Map<string, string>;
  providers: Record<string, ProviderConfig>;
  secrets: ReturnType<typeof getSensitiveVariableValues>;
};

// Lookups shared by every resource (provider keys, sensitive variable values) are built once here
// rather than per resource: plans run to thousands of resources.
function createResourceContext(plan: PlanJson, options: SummarizeOptions): ResourceContext {
  return {
    plan,
    options,
    maxResources: options.maxResources ?? 10_000,
    maxAttributes: options.maxAttributesPerResource ?? 200,
    active: new Set(options.activeRegions ?? []),
    providerKeys: collectProviderKeys(plan),
    providers: plan.configuration?.provider_config ?? {},
    secrets: getSensitiveVariableValues(plan),
  };
}

// One resource change into every part of the summary: the counts, the blast radius, the services
// and (up to maxResources) its own row with a diff.
function tallyResourceChange(tally: PlanTally, rc: ResourceChange, context: ResourceContext): void {
  const { action, replaceOrder, thenForget } = getResourceAction(rc.change.actions);
  const importing = rc.change.importing != null;
  const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
  // Same filters as terraform's renderer: silent no-ops and deleted data sources are not shown or counted.
  if (action === "no-op" && !moved && !importing) return;
  if (action === "delete" && rc.mode !== "managed") return;
  tally.rendered++;
  countAction(tally.counts, action, importing, thenForget);

  const destructive = action === "delete" || action === "replace";
  const stateful = getStatefulReason(rc.type, rc.name);
  const { regions, source, alias } = resolveRegions(rc, context.plan, context.providers, context.providerKeys, context.options);
  // Reads and moves/imports without changes touch nothing: they weigh in no region and no service.
  if (action !== "no-op" && action !== "read") {
    addRegionImpact(tally.regions, regions, action, stateful, context.active);
    addServiceImpact(tally.services, rc, regions, context.options.knownServices ?? []);
  }

  if (tally.resources.length < context.maxResources) {
    const diff = action === "no-op" ? { rows: [], unchanged: 0, truncated: false } : diffAttributes(rc.change, action, context.maxAttributes, context.secrets);
    tally.resources.push({
      address: rc.address,
      module: rc.module_address ?? null,
      mode: rc.mode,
      type: rc.type,
      name: rc.name,
      action,
      replaceOrder,
      actionReason: rc.action_reason ?? null,
      importing,
      movedFrom: moved ? (rc.previous_address ?? null) : null,
      deposed: rc.deposed ?? null,
      destructive,
      stateful,
      regions,
      regionSource: source,
      providerAlias: alias,
      attributes: diff.rows,
      unchangedAttributes: diff.unchanged,
      attributesTruncated: diff.truncated,
    });
  }
}

// The counts must equal terraform's "Plan:" line, so a replacement counts as one add and one
// destroy (and once as a replacement), and an import counts on top of its action.
function countAction(counts: PlanCounts, action: ResourceAction, importing: boolean, thenForget: boolean): void {
  if (importing) counts.import++;
  if (action === "create") counts.add++;
  if (action === "update") counts.change++;
  if (action === "delete") counts.destroy++;
  if (action === "replace") {
    counts.add++;
    counts.destroy++;
    counts.replace++;
  }
  if (action === "read") counts.read++;
  if (action === "forget" || thenForget) counts.forget++;
}

/** Exactly terraform's "Plan: …" line for these counts, or null when it prints none (nothing rendered). */
export function formatPlanLine(counts: PlanCounts, rendered: number): string | null {
  if (rendered === 0) return null;
  return `Plan: ${counts.import > 0 ? `${counts.import} to import, ` : ""}${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.`;
}

// The blast radius: per region, what changes there and how much it weighs, so approvers see where
// a destroy of something serving traffic or holding data would land.
function addRegionImpact(impacts: Map<string, RegionImpact>, regions: string[], action: ResourceAction, stateful: string | null, active: Set<string>): void {
  const destructive = action === "delete" || action === "replace";
  for (const region of regions) {
    const impact = impacts.get(region) ?? emptyImpact(region, active.has(region));
    impact.resources++;
    if (action === "create") impact.create++;
    if (action === "update") impact.update++;
    if (action === "delete") impact.delete++;
    if (action === "replace") impact.replace++;
    if (stateful) impact.stateful++;
    impact.weight += resourceWeight(destructive, active.has(region), stateful !== null);
    impacts.set(region, impact);
  }
}

// The services a resource change touches, by tag or name, and in which regions.
function addServiceImpact(services: Map<string, ServiceEntry>, rc: ResourceChange, regions: string[], knownServices: string[]): void {
  for (const service of matchServices(rc, knownServices)) {
    const entry = services.get(service.id) ?? { via: new Set(), regions: new Set(), resources: new Set() };
    entry.via.add(service.via);
    regions.forEach((r) => entry.regions.add(r));
    entry.resources.add(rc.address);
    services.set(service.id, entry);
  }
}

// Workspace services are touched wherever this plan changes something (called only when it does).
function addWorkspaceServices(tally: PlanTally, workspaceServices: string[]): void {
  for (const id of workspaceServices) {
    const entry = tally.services.get(id) ?? { via: new Set(), regions: new Set(), resources: new Set() };
    entry.via.add("workspace");
    for (const r of tally.regions.keys()) entry.regions.add(r);
    tally.services.set(id, entry);
  }
}

// Sets become sorted lists so the stored summary is serialisable and stable between runs.
function sortServices(services: Map<string, ServiceEntry>): ServiceImpact[] {
  return [...services.entries()]
    .map(([service, e]) => ({ service, via: [...e.via].sort(), regions: [...e.regions].sort(), resources: [...e.resources].sort() }))
    .sort((a, b) => (a.service < b.service ? -1 : 1));
}

// Output changes, shown like terraform does: unchanged outputs left out, values masked the same way
// as resource attributes, sorted by name.
function summarizeOutputs(plan: PlanJson, secrets: ResourceContext["secrets"]): OutputSummary[] {
  return Object.entries(plan.output_changes)
    .map(([name, change]) => ({ name, change, action: getResourceAction(change.actions).action }))
    .filter((o) => o.action !== "no-op")
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ name, change, action }) => ({
      name,
      action,
      before: action === "create" ? ABSENT : leafValue(change.before, change.before_sensitive, false, secrets),
      after: action === "delete" ? ABSENT : leafValue(change.after, change.after_sensitive, change.after_unknown, secrets),
    }));
}

export function resourceWeight(destructive: boolean, activeRegion: boolean, stateful: boolean): number {
  if (!destructive) return RESOURCE_WEIGHT.change;
  return RESOURCE_WEIGHT.destructive * (activeRegion ? RESOURCE_WEIGHT.activeMultiplier : 1) * (stateful ? RESOURCE_WEIGHT.statefulMultiplier : 1);
}

function emptyImpact(region: string, active: boolean): RegionImpact {
  return { region, active, resources: 0, create: 0, update: 0, delete: 0, replace: 0, stateful: 0, weight: 0 };
}

// ── Regions ────────────────────────────────────────────────────────────────────

/** "module.net[0].module.sub" → "net.sub": the configuration path of a module instance. */
function moduleConfigPath(moduleAddress: string | undefined): string {
  if (!moduleAddress) return "";
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]).join(".");
}

/** configuration resources → their provider_config_key, keyed by module path, mode and type.name. */
function collectProviderKeys(plan: PlanJson): Map<string, string> {
  const keys = new Map<string, string>();
  const visit = (mod: NonNullable<NonNullable<PlanJson["configuration"]>["root_module"]>, prefix: string) => {
    for (const r of mod.resources ?? []) {
      if (r.provider_config_key) keys.set(`${prefix}|${r.mode ?? "managed"}|${r.type}.${r.name}`, r.provider_config_key);
    }
    for (const [name, call] of Object.entries(mod.module_calls ?? {})) {
      if (call.module) visit(call.module, prefix ? `${prefix}.${name}` : name);
    }
  };
  const root = plan.configuration?.root_module;
  if (root) visit(root, "");
  return keys;
}

function resolveRegions(
  rc: ResourceChange,
  plan: PlanJson,
  providers: Record<string, ProviderConfig>,
  providerKeys: Map<string, string>,
  options: SummarizeOptions,
): { regions: string[]; source: RegionSource; alias: string | null } {
  // AWS provider 6 lets a resource name its own region; that beats the provider's.
  for (const [side, sens] of [
    [rc.change.after, rc.change.after_sensitive],
    [rc.change.before, rc.change.before_sensitive],
  ] as const) {
    const region = isRecord(side) ? side.region : undefined;
    const masked = isRecord(sens) && sens.region === true;
    if (typeof region === "string" && region && !masked) return { regions: [region], source: "attribute", alias: null };
  }

  const key = providerKeys.get(`${moduleConfigPath(rc.module_address)}|${rc.mode}|${rc.type}.${rc.name}`);
  const provider = key ? (providers[key] ?? providers[key.slice(key.indexOf(":") + 1)]) : undefined;
  const alias = provider?.alias ?? null;
  const regionExpr = provider?.expressions?.region;
  if (isRecord(regionExpr)) {
    if (typeof regionExpr.constant_value === "string" && regionExpr.constant_value) {
      return { regions: [regionExpr.constant_value], source: "provider", alias };
    }
    // region = var.region in the root module: the variable's planned value is in the plan.
    const refs = Array.isArray(regionExpr.references) ? regionExpr.references : [];
    const varRef = refs.find((r): r is string => typeof r === "string" && /^var\.[A-Za-z0-9_-]+$/.test(r));
    const value = varRef && !provider?.module_address ? plan.variables?.[varRef.slice(4)]?.value : undefined;
    if (typeof value === "string" && value) return { regions: [value], source: "variable", alias };
  }
  if (alias && ((options.knownRegions ?? []).includes(alias) || REGION_SHAPE.test(alias))) {
    return { regions: [alias], source: "alias", alias };
  }
  return { regions: [...options.workspaceRegions], source: "workspace", alias };
}

// ── Services ───────────────────────────────────────────────────────────────────

const SERVICE_TAG_KEYS = ["service", "Service", "app", "App", "app.kubernetes.io/name"];

function matchServices(rc: ResourceChange, known: string[]): Array<{ id: string; via: "tag" | "name" }> {
  if (known.length === 0) return [];
  const found = new Map<string, "tag" | "name">();
  for (const side of [rc.change.after, rc.change.before]) {
    if (!isRecord(side)) continue;
    for (const tagsKey of ["tags", "tags_all", "labels"]) {
      const tags = side[tagsKey];
      if (!isRecord(tags)) continue;
      for (const k of SERVICE_TAG_KEYS) {
        const v = tags[k];
        if (typeof v === "string" && known.includes(v)) found.set(v, "tag");
      }
    }
  }
  // Names: "leaderboard_api" touches service "leaderboard-api" or "leaderboard"; compare as tokens.
  const nameTokens = normalise(`${rc.module_address ?? ""}.${rc.name}`);
  for (const id of known) {
    if (found.has(id)) continue;
    const idTokens = normalise(id);
    if (idTokens && `.${nameTokens}.`.includes(`.${idTokens}.`)) found.set(id, "name");
  }
  return [...found.entries()].map(([id, via]) => ({ id, via }));
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(".");
}
