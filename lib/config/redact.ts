import "server-only";
import { readSecretRef } from "@/lib/env";
import type { MeridianConfig } from "./schema";

/** The effective configuration for Settings: secret references show only whether they are set. */
export function redactConfig(config: MeridianConfig): unknown {
  return JSON.parse(
    JSON.stringify(config, (_key, value) => {
      if (typeof value === "string" && value.startsWith("env:")) {
        const name = value.slice(4);
        return `${value} (${readSecretRef(name) ? "set" : "not set"})`;
      }
      return value;
    }),
  );
}
