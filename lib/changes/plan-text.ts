import { getPlanSecrets, SENSITIVE_TEXT } from "./attribute-diff";
import type { PlanJson } from "./plan-json";

/** The stored plan text stops here (a 5,000-resource plan prints megabytes); the page says so. */
export const MAX_PLAN_TEXT = 2_000_000;

// A heredoc line is masked only when this long: a shorter line of a secret ("}", "-----") would also
// match ordinary text.
const MIN_SECRET_LINE = 6;
const QUOTED = /"(?:[^"\\\n]|\\.)*"/g;

function unquote(literal: string): string | null {
  try {
    // terraform escapes template sequences in strings it prints: "$${" and "%%{" are "${" and "%{".
    return JSON.parse(literal.replaceAll("$${", "${").replaceAll("%%{", "%{")) as string;
  } catch {
    return null;
  }
}

/**
 * `terraform show -no-color` of a saved plan, with every value the plan marks sensitive masked.
 * terraform masks marked attributes itself but prints a copy of one in an unmarked attribute as is
 * (terraform_data's `output` echoes its `input`), so the JSON of the same plan names what to mask.
 * One pass over the text: a big plan has thousands of values and megabytes of text.
 */
export function redactPlanText(text: string, plan: PlanJson): string {
  const secrets = getPlanSecrets(plan);
  if (secrets.size === 0) return text;
  const secretLines = new Set([...secrets].filter((s) => s.includes("\n")).flatMap((s) => s.split("\n").map((l) => l.trim()).filter((l) => l.length >= MIN_SECRET_LINE)));
  const quoted = text.replace(QUOTED, (literal) => {
    const value = unquote(literal);
    return value !== null && secrets.has(value) ? SENSITIVE_TEXT : literal;
  });
  if (secretLines.size === 0) return quoted;
  // Multi-line values print as heredocs, one line of the value per line of text.
  return quoted
    .split("\n")
    .map((line) => (secretLines.has(line.trim()) ? line.replace(line.trim(), SENSITIVE_TEXT) : line))
    .join("\n");
}

/** What is stored: the redacted text, cut at MAX_PLAN_TEXT characters with a line saying so. */
export function preparePlanText(text: string, plan: PlanJson): string {
  const redacted = redactPlanText(text, plan);
  if (redacted.length <= MAX_PLAN_TEXT) return redacted;
  return `${redacted.slice(0, MAX_PLAN_TEXT)}\n\n[meridian] the plan text stops here: ${redacted.length} characters in all; the resource changes list covers every resource.\n`;
}
