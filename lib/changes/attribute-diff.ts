import type { PlanChange, PlanJson, ResourceAction } from "./plan-json";

/**
 * Attribute-level diffs of a plan with unknown and sensitive values masked, and the redacted plan
 * that may be stored. Split from plan-summary.ts, which counts, places and weighs resources.
 */

export const UNKNOWN_TEXT = "(known after apply)";
export const SENSITIVE_TEXT = "(sensitive value)";

/** A value on one side of a diff. Sensitive values never leave this module: only the kind does. */
export type DiffValue = { kind: "value"; text: string } | { kind: "unknown" } | { kind: "sensitive" } | { kind: "absent" };

export type AttributeDiff = {
  path: string;
  before: DiffValue;
  after: DiffValue;
  change: "add" | "remove" | "update" | "unchanged";
  forcesReplacement: boolean;
};

export const ABSENT: DiffValue = { kind: "absent" };
const MAX_TEXT = 4_000;
const MAX_DEPTH = 24;

type Step = string | number;
type Side = { present: boolean; value: unknown; sensitive: unknown; unknown: unknown };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function child(value: unknown, key: Step): unknown {
  if (Array.isArray(value) && typeof key === "number") return value[key];
  if (isRecord(value) && typeof key === "string") return value[key];
  return undefined;
}

function childSide(side: Side, key: Step, masked: boolean): Side {
  if (masked) return side; // a whole-subtree mask (true) applies to every child
  const value = child(side.value, key);
  const unknown = side.unknown === true ? true : child(side.unknown, key);
  return { present: side.present && value !== undefined && value !== null, value, sensitive: side.sensitive === true ? true : child(side.sensitive, key), unknown };
}

function renderText(value: unknown): string {
  const text = Array.isArray(value) && value.length === 0 ? "[]" : isRecord(value) && Object.keys(value).length === 0 ? "{}" : JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

export function leafValue(value: unknown, sensitive: unknown, unknown: unknown, secrets: ReadonlySet<string>): DiffValue {
  if (sensitive === true) return { kind: "sensitive" };
  if (unknown === true) return { kind: "unknown" };
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === "string" && secrets.has(value)) return { kind: "sensitive" };
  return { kind: "value", text: renderText(maskDeep(value, sensitive, secrets)) };
}

/** For a container rendered whole (depth limit): replace sensitive parts before stringifying. */
function maskDeep(value: unknown, sensitive: unknown, secrets: ReadonlySet<string>): unknown {
  if (sensitive === true || (typeof value === "string" && secrets.has(value))) return SENSITIVE_TEXT;
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => maskDeep(v, child(sensitive, i), secrets));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, child(sensitive, k), secrets)]));
}

/**
 * Strings terraform marks sensitive. A value equal to one of them is masked wherever it appears,
 * because some resources copy a sensitive input to an unmarked attribute (terraform_data's
 * `output` echoes `input` without the mark and terraform's own text then prints it).
 */
function collectSecrets(value: unknown, sensitive: unknown, out: Set<string>): void {
  if (sensitive === true) {
    collectStrings(value, out);
    return;
  }
  if (!isContainer(sensitive) || !isContainer(value)) return;
  const keys = Array.isArray(sensitive) ? sensitive.map((_, i) => i) : Object.keys(sensitive);
  for (const k of keys) collectSecrets(child(value, k), child(sensitive, k), out);
}

function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    if (value.length > 0) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (isRecord(value)) Object.values(value).forEach((v) => collectStrings(v, out));
}

/** Values of variables declared `sensitive = true` in the root module. */
export function getSensitiveVariableValues(plan: PlanJson): Set<string> {
  const out = new Set<string>();
  for (const [name, decl] of Object.entries(plan.configuration?.root_module?.variables ?? {})) {
    if (decl.sensitive) collectStrings(plan.variables?.[name]?.value, out);
  }
  return out;
}

/** Every string a plan marks sensitive, in any resource or output change, plus sensitive variables' values. */
export function getPlanSecrets(plan: PlanJson): Set<string> {
  const out = getSensitiveVariableValues(plan);
  for (const c of [...plan.resource_changes.map((rc) => rc.change), ...Object.values(plan.output_changes)]) {
    collectSecrets(c.before, c.before_sensitive, out);
    collectSecrets(c.after, c.after_sensitive, out);
  }
  return out;
}

function formatPath(steps: Step[]): string {
  return steps
    .map((s, i) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join("");
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffAttributes(
  change: PlanChange,
  action: ResourceAction,
  max: number,
  globalSecrets: ReadonlySet<string>,
): { rows: AttributeDiff[]; unchanged: number; truncated: boolean } {
  const secrets = new Set(globalSecrets);
  collectSecrets(change.before, change.before_sensitive, secrets);
  collectSecrets(change.after, change.after_sensitive, secrets);
  const rows: AttributeDiff[] = [];
  let unchanged = 0;
  let truncated = false;
  const showUnchanged = action === "create" || action === "delete" || action === "read";
  const before: Side = {
    present: action !== "create" && action !== "read" && change.before != null,
    value: change.before,
    sensitive: change.before_sensitive,
    unknown: false,
  };
  const after: Side = { present: action !== "delete" && change.after != null, value: change.after, sensitive: change.after_sensitive, unknown: change.after_unknown };
  if (action !== "delete" && change.after_unknown === true) after.present = true;
  const replacePaths = change.replace_paths ?? [];

  const emit = (steps: Step[], b: Side, a: Side) => {
    const bv = b.present ? leafValue(b.value, b.sensitive, false, secrets) : ABSENT;
    const av = a.present || a.unknown === true ? leafValue(a.value, a.sensitive, a.unknown, secrets) : ABSENT;
    if (bv.kind === "absent" && av.kind === "absent") return;
    let kind: AttributeDiff["change"];
    if (bv.kind === "absent") kind = "add";
    else if (av.kind === "absent") kind = "remove";
    else if (av.kind === "unknown") kind = "update";
    else kind = sameValue(b.value, a.value) ? "unchanged" : "update";
    if (kind === "unchanged" && !showUnchanged) {
      unchanged++;
      return;
    }
    if (rows.length >= max) {
      truncated = true;
      return;
    }
    const forcesReplacement = replacePaths.some((rp) => {
      const n = Math.min(rp.length, steps.length);
      return n > 0 && rp.slice(0, n).every((s, i) => String(s) === String(steps[i]));
    });
    rows.push({ path: formatPath(steps), before: bv, after: av, change: kind, forcesReplacement });
  };

  const walk = (steps: Step[], b: Side, a: Side) => {
    const bMasked = b.present && b.sensitive === true;
    const aMasked = a.sensitive === true || a.unknown === true;
    const bOpen = b.present && !bMasked && isContainer(b.value);
    const aOpen = !aMasked && ((a.present && isContainer(a.value)) || isContainer(a.unknown));
    if ((!bOpen && !aOpen) || steps.length >= MAX_DEPTH) {
      if (steps.length > 0) emit(steps, b, a);
      return;
    }
    const keys: Step[] = [];
    const seen = new Set<string>();
    const add = (k: Step) => {
      const id = `${typeof k}:${k}`;
      if (!seen.has(id)) {
        seen.add(id);
        keys.push(k);
      }
    };
    for (const [open, container] of [
      [bOpen, b.value],
      [aOpen, a.value],
      [aOpen, a.unknown],
    ] as const) {
      if (!open || !isContainer(container)) continue;
      if (Array.isArray(container)) container.forEach((_, i) => add(i));
      else Object.keys(container).sort().forEach(add);
    }
    if (keys.length === 0) {
      // Empty map or list: one row showing {} or [].
      if (steps.length > 0) emit(steps, b, a);
      return;
    }
    for (const k of keys) {
      // A masked or leaf side stays whole for every child, so "(known after apply)" repeats per attribute.
      const bChild = bOpen ? childSide(b, k, false) : bMasked ? b : { present: false, value: undefined, sensitive: false, unknown: false };
      const aChild = aOpen ? childSide(a, k, false) : aMasked ? a : { present: false, value: undefined, sensitive: false, unknown: false };
      walk([...steps, k], bChild, aChild);
    }
  };

  walk([], before, after);
  return { rows, unchanged, truncated };
}

/**
 * The parsed plan with every sensitive value (marked, or equal to a marked or sensitive-variable value)
 * replaced by "(sensitive value)": what may be stored as `planJson`. parsePlanJson already drops
 * planned_values' contents and prior_state, which repeat the same values unmasked.
 */
export function redactPlan(plan: PlanJson): PlanJson {
  const secrets = getSensitiveVariableValues(plan);
  const sensitiveVars = new Set(Object.entries(plan.configuration?.root_module?.variables ?? {}).filter(([, v]) => v.sensitive).map(([k]) => k));
  const redactChange = (c: PlanChange): PlanChange => {
    const local = new Set(secrets);
    collectSecrets(c.before, c.before_sensitive, local);
    collectSecrets(c.after, c.after_sensitive, local);
    return { ...c, before: maskDeep(c.before, c.before_sensitive, local), after: maskDeep(c.after, c.after_sensitive, local) };
  };
  return {
    ...plan,
    variables: plan.variables
      ? Object.fromEntries(Object.entries(plan.variables).map(([k, v]) => [k, sensitiveVars.has(k) ? { value: SENSITIVE_TEXT } : v]))
      : undefined,
    resource_changes: plan.resource_changes.map((rc) => ({ ...rc, change: redactChange(rc.change) })),
    output_changes: Object.fromEntries(Object.entries(plan.output_changes).map(([k, c]) => [k, redactChange(c)])),
  };
}
