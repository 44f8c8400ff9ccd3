// ESLint flat config: the house rules a tool can keep. `npm run lint` runs it; `npm test` counts it.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { boundariesConfig } from "./eslint/boundaries.mjs";
import { meridian } from "./eslint/plugin.mjs";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "generated/**",
      ".data/**",
      "e2e/artifacts/**",
      "playwright-report/**",
      "test-results/**",
      "next-env.d.ts",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // House rule: lib/env.ts validates the environment once; nothing else reads process.env.
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read the environment through lib/env.ts (getEnv() or a small reader there)." }],
    },
  },
  {
    // House rule: one react-query key factory per domain, in lib/<domain>/keys.ts, not in a component.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "ExportNamedDeclaration VariableDeclarator[id.name=/Keys$/]", message: "Query-key factories live in lib/<domain>/keys.ts (one per domain)." }],
    },
  },
  {
    // House rule: what touches the database, secrets or the file system says so with `import "server-only"`.
    files: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    plugins: { meridian },
    rules: { "meridian/server-only": ["error", { root: import.meta.dirname }] },
  },
  {
    rules: {
      // `_`-prefixed names mark parameters a signature requires but the body does not use.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  ...boundariesConfig,
);
