// The project's own ESLint rules, as one plugin object (flat config refuses two different objects under one name).
import { knownViolationRule } from "./rules/known-violation.mjs";
import { serverOnlyRule } from "./rules/server-only.mjs";

export const meridian = {
  meta: { name: "meridian" },
  rules: { "known-violation": knownViolationRule, "server-only": serverOnlyRule },
};
