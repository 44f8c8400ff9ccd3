import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
} from "@aws-sdk/client-eks";
import { SourceUnavailableError } from "@/lib/http/errors";
import { authDetail, classifyAwsError } from "./aws-action-error";
import { toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// EKS client (REST-JSON: GET /clusters, /clusters/{name}, /clusters/{name}/node-groups[/{ng}]).
// Knows the wire format, not the domain: it returns clusters and node groups as EKS reports them.

export type EksOptions = AwsClientAuth & {
  region: string;
  endpoint?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  /** maxResults per list page (EKS allows 1–100). */
  pageSize?: number;
};

export type EksNodegroup = {
  name: string;
  status: string;
  instanceTypes: string[];
  desired: number;
  min: number;
  max: number;
  healthIssues: string[];
};

export type EksCluster = {
  name: string;
  arn: string | null;
  version: string;
  status: string;
  createdAt: string | null;
  nodegroups: EksNodegroup[];
};

export type EksErrorKind = "auth" | "timeout" | "not-found" | "throttled" | "unreachable" | "bad-request";

export class EksError extends SourceUnavailableError {
  constructor(readonly kind: EksErrorKind, readonly code: string, message: string) {
    super(message, { source: "eks", kind, code });
  }
}

function toEksError(err: unknown, region: string, timedOut: boolean, timeoutMs: number): EksError {
  const f = classifyAwsError(err, timedOut);
  switch (f.kind) {
    case "timeout":
      return new EksError("timeout", f.code, `EKS ${region}: no answer within ${timeoutMs} ms`);
    case "auth":
      return new EksError("auth", f.code, `EKS ${region}: credentials refused (${authDetail(f)}): ${f.message}`);
    case "not-found":
      return new EksError("not-found", f.code, `EKS ${region}: ${f.message}`);
    case "throttled":
      return new EksError("throttled", f.code, `EKS ${region}: throttled: ${f.message}`);
    case "unreachable":
      return new EksError("unreachable", f.code, `EKS ${region} is unreachable: ${f.message}`);
    default:
      return new EksError("bad-request", f.code, `EKS ${region}: ${f.code}: ${f.message}`);
  }
}

export function createEks(opts: EksOptions) {
  const client = new EKSClient({
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: toSdkCredentials(opts),
    maxAttempts: opts.maxAttempts ?? 3,
  });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pageSize = opts.pageSize ?? 100;

  // Each request gets the full timeout; the caller's signal cancels everything.
  async function call<T>(send: (abortSignal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await send(signal ? AbortSignal.any([signal, timeout]) : timeout);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw toEksError(err, opts.region, timeout.aborted, timeoutMs);
    }
  }

  async function listAll(list: (token: string | undefined, abortSignal: AbortSignal) => Promise<{ items?: string[]; nextToken?: string }>, signal?: AbortSignal) {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await call((s) => list(token, s), signal);
      names.push(...(page.items ?? []));
      token = page.nextToken || undefined;
    } while (token);
    return names;
  }

  return {
    listClusterNames(signal?: AbortSignal): Promise<string[]> {
      return listAll(async (nextToken, abortSignal) => {
        const out = await client.send(new ListClustersCommand({ maxResults: pageSize, nextToken }), { abortSignal });
        return { items: out.clusters, nextToken: out.nextToken };
      }, signal);
    },
    listNodegroupNames(cluster: string, signal?: AbortSignal): Promise<string[]> {
      return listAll(async (nextToken, abortSignal) => {
        const out = await client.send(new ListNodegroupsCommand({ clusterName: cluster, maxResults: pageSize, nextToken }), { abortSignal });
        return { items: out.nodegroups, nextToken: out.nextToken };
      }, signal);
    },
    async describeNodegroup(cluster: string, name: string, signal?: AbortSignal): Promise<EksNodegroup> {
      const out = await call((abortSignal) => client.send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name }), { abortSignal }), signal);
      const ng = out.nodegroup;
      return {
        name: ng?.nodegroupName ?? name,
        status: ng?.status ?? "UNKNOWN",
        instanceTypes: ng?.instanceTypes ?? [],
        desired: ng?.scalingConfig?.desiredSize ?? 0,
        min: ng?.scalingConfig?.minSize ?? 0,
        max: ng?.scalingConfig?.maxSize ?? 0,
        healthIssues: (ng?.health?.issues ?? []).map((i) => `${i.code ?? "Issue"}: ${i.message ?? ""}`.trim()),
      };
    },
    /** A cluster with all its node groups described. */
    async describeCluster(name: string, signal?: AbortSignal): Promise<EksCluster> {
      const out = await call((abortSignal) => client.send(new DescribeClusterCommand({ name }), { abortSignal }), signal);
      const c = out.cluster;
      const names = await this.listNodegroupNames(name, signal);
      const nodegroups = await Promise.all(names.map((ng) => this.describeNodegroup(name, ng, signal)));
      return {
        name: c?.name ?? name,
        arn: c?.arn ?? null,
        version: c?.version ?? "unknown",
        status: c?.status ?? "UNKNOWN",
        createdAt: c?.createdAt ? c.createdAt.toISOString() : null,
        nodegroups,
      };
    },
    /** Every cluster in the region, each fully described. */
    async listClusters(signal?: AbortSignal): Promise<EksCluster[]> {
      const names = await this.listClusterNames(signal);
      return Promise.all(names.map((n) => this.describeCluster(n, signal)));
    },
    destroy(): void {
      client.destroy();
    },
  };
}

export type Eks = ReturnType<typeof createEks>;
