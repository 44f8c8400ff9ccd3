// The project's own ESLint rules, as one plugin object (flat config refuses two different objects under one name).
import { serverOnlyRule } from "./rules/server-only.mjs";

export const meridian = {
  meta: { name: "meridian" },
  rules: { "server-only": serverOnlyRule },
};
