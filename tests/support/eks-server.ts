import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for the EKS REST-JSON API: GET /clusters, /clusters/{name},
// /clusters/{name}/node-groups, /clusters/{name}/node-groups/{nodegroupName}; list pages with
// maxResults/nextToken; timestamps in epoch seconds; errors named by the x-amzn-errortype header.

export type EksFakeNodegroup = { name: string; instanceTypes: string[]; desired: number; min: number; max: number; status?: string };
export type EksFakeCluster = { name: string; version: string; status?: string; createdAt: number; nodegroups: EksFakeNodegroup[] };
export type EksMode = "ok" | "invalid-token" | "denied" | "slow";

export type EksServer = {
  url: string;
  clusters: EksFakeCluster[];
  mode: EksMode;
  slowMs: number;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
};

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": `${code}:http://internal.amazon.com/coral/com.amazon.eks/`, "x-amzn-requestid": "req-err" });
  res.end(JSON.stringify({ message }));
}

function page<T>(items: T[], params: URLSearchParams): { items: T[]; nextToken?: string } {
  const max = Number(params.get("maxResults") ?? 100);
  const offset = params.get("nextToken") ? Number(params.get("nextToken")!.replace("tok-", "")) : 0;
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length ? { items: slice, nextToken: `tok-${offset + max}` } : { items: slice };
}

export async function startEksServer(clusters: EksFakeCluster[]): Promise<EksServer> {
  const state: Omit<EksServer, "url" | "close"> = { clusters, mode: "ok", slowMs: 5000, requests: [] };
  const server = createServer((req, res) => {
    state.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (state.mode === "slow") {
      const timer = setTimeout(() => res.end("{}"), state.slowMs);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    if (state.mode === "invalid-token") return sendError(res, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    if (state.mode === "denied") return sendError(res, 403, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/test is not authorized to perform: eks:ListClusters");
    const url = new URL(req.url ?? "/", "http://x");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `req-${state.requests.length}` });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" || parts[0] !== "clusters") return sendError(res, 404, "NotFoundException", `no route ${req.method} ${url.pathname}`);
    if (parts.length === 1) {
      const p = page(state.clusters.map((c) => c.name), url.searchParams);
      return json({ clusters: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
    }
    const cluster = state.clusters.find((c) => c.name === parts[1]);
    if (!cluster) return sendError(res, 404, "ResourceNotFoundException", `No cluster found for name: ${parts[1]}.`);
    if (parts.length === 2) {
      return json({
        cluster: {
          name: cluster.name,
          arn: `arn:aws:eks:us-east-1:123456789012:cluster/${cluster.name}`,
          createdAt: cluster.createdAt / 1000,
          version: cluster.version,
          endpoint: `https://${cluster.name}.gr7.us-east-1.eks.amazonaws.com`,
          status: cluster.status ?? "ACTIVE",
          platformVersion: "eks.10",
        },
      });
    }
    if (parts[2] !== "node-groups") return sendError(res, 404, "NotFoundException", `no route ${url.pathname}`);
    if (parts.length === 3) {
      const p = page(cluster.nodegroups.map((n) => n.name), url.searchParams);
      return json({ nodegroups: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
    }
    const ng = cluster.nodegroups.find((n) => n.name === parts[3]);
    if (!ng) return sendError(res, 404, "ResourceNotFoundException", `No node group found for name: ${parts[3]}.`);
    return json({
      nodegroup: {
        nodegroupName: ng.name,
        clusterName: cluster.name,
        version: cluster.version,
        status: ng.status ?? "ACTIVE",
        capacityType: "ON_DEMAND",
        instanceTypes: ng.instanceTypes,
        scalingConfig: { minSize: ng.min, maxSize: ng.max, desiredSize: ng.desired },
        health: { issues: ng.status === "DEGRADED" ? [{ code: "AsgInstanceLaunchFailures", message: "Could not launch On-Demand Instances", resourceIds: [] }] : [] },
        createdAt: cluster.createdAt / 1000,
      },
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as EksServer;
}
