import "server-only";
import type { SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { createPrometheusClient } from "@/lib/sources/prometheus";
import type { SliSource } from "../sli-source";
import { createPrometheusSliSource } from "./prometheus";

/** A live source's SLIs: Prometheus with its URL and token (the only live kind that answers SLIs). */
export function createLiveSliSource(source: SourceConfig): SliSource {
  if (source.kind === "prometheus" && source.url) {
    const token = source.bearerToken ? readSecretRef(source.bearerToken.slice("env:".length)) : undefined;
    return createPrometheusSliSource(createPrometheusClient({ url: source.url, timeoutMs: source.timeout, bearerToken: token }));
  }
  throw new Error(`source ${source.name} (${source.kind}) cannot answer SLI queries`);
}
