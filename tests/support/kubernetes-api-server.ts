import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the Kubernetes API server (plain HTTP on loopback): list endpoints in the
// real JSON shape ({kind, apiVersion, metadata: {resourceVersion, continue}, items}) honouring
// `limit` and `continue`; bearer-token auth answering 401/403 as metav1.Status objects.

export const LIST_PATHS = {
  "/apis/apps/v1/deployments": { kind: "DeploymentList", apiVersion: "apps/v1" },
  "/apis/apps/v1/statefulsets": { kind: "StatefulSetList", apiVersion: "apps/v1" },
  "/apis/apps/v1/daemonsets": { kind: "DaemonSetList", apiVersion: "apps/v1" },
  "/api/v1/nodes": { kind: "NodeList", apiVersion: "v1" },
  "/api/v1/pods": { kind: "PodList", apiVersion: "v1" },
} as const;
export type ListPath = keyof typeof LIST_PATHS;

export type KubeServer = {
  url: string;
  token: string;
  /** Items per list path, as the API server would return them. */
  objects: Partial<Record<ListPath, unknown[]>>;
  /** Tokens that authenticate but may not list anything. */
  forbiddenTokens: Set<string>;
  slowMs: number | null;
  requests: Array<{ path: string; query: Record<string, string>; authorization: string | undefined }>;
  /** The /scale subresource: "deployments/ns/name" or "statefulsets/ns/name" → replicas. */
  scales: Map<string, number>;
  scaleRequests: Array<{ method: string; path: string; contentType: string | undefined; body: unknown }>;
  /** A kubeconfig for this server with one context. */
  kubeconfig(context: string, token?: string): string;
  close(): Promise<void>;
};

function status(res: ServerResponse, code: number, reason: string, message: string) {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code }));
}

export async function startKubeServer(token = "test-token"): Promise<KubeServer> {
  const state: Omit<KubeServer, "url" | "close" | "kubeconfig"> = { token, objects: {}, forbiddenTokens: new Set(), slowMs: null, requests: [], scales: new Map(), scaleRequests: [] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const query = Object.fromEntries(url.searchParams.entries());
    state.requests.push({ path: url.pathname, query, authorization: req.headers.authorization });
    if (state.slowMs !== null) {
      const timer = setTimeout(() => status(res, 504, "Timeout", "slow"), state.slowMs);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || (bearer !== state.token && !state.forbiddenTokens.has(bearer))) return status(res, 401, "Unauthorized", "Unauthorized");
    if (handleScale(state, req, res, url.pathname, state.forbiddenTokens.has(bearer))) return;
    const meta = LIST_PATHS[url.pathname as ListPath];
    if (!meta) return status(res, 404, "NotFound", `the server could not find the requested resource (${url.pathname})`);
    if (state.forbiddenTokens.has(bearer)) {
      const resource = url.pathname.split("/").at(-1);
      const group = meta.apiVersion === "v1" ? "" : "apps";
      return status(res, 403, "Forbidden", `${resource}${group ? `.${group}` : ""} is forbidden: User "system:serviceaccount:meridian:reader" cannot list resource "${resource}" in API group "${group}" at the cluster scope`);
    }
    const items = state.objects[url.pathname as ListPath] ?? [];
    const offset = query.continue ? Number(Buffer.from(query.continue, "base64").toString("utf8").replace("offset:", "")) : 0;
    const limit = query.limit ? Number(query.limit) : items.length || 1;
    const page = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        kind: meta.kind,
        apiVersion: meta.apiVersion,
        metadata: { resourceVersion: "4242", ...(more ? { continue: Buffer.from(`offset:${offset + limit}`).toString("base64"), remainingItemCount: items.length - offset - limit } : {}) },
        items: page,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const handle = state as KubeServer;
  handle.url = `http://127.0.0.1:${port}`;
  handle.kubeconfig = (context, tok = state.token) =>
    [
      "apiVersion: v1",
      "kind: Config",
      `current-context: ${context}`,
      "clusters:",
      `- name: ${context}-cluster`,
      "  cluster:",
      `    server: ${handle.url}`,
      // The client refuses plain http unless TLS verification is off; this server is loopback-only.
      "    insecure-skip-tls-verify: true",
      "users:",
      `- name: ${context}-user`,
      "  user:",
      `    token: ${tok}`,
      "contexts:",
      `- name: ${context}`,
      "  context:",
      `    cluster: ${context}-cluster`,
      `    user: ${context}-user`,
      "",
    ].join("\n");
  handle.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return handle;
}

/** GET/PUT/PATCH …/namespaces/{ns}/{deployments|statefulsets}/{name}/scale, answering autoscaling/v1 Scale objects. */
function handleScale(state: Pick<KubeServer, "scales" | "scaleRequests">, req: IncomingMessage, res: ServerResponse, path: string, forbidden: boolean): boolean {
  const m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets)\/([^/]+)\/scale$/.exec(path);
  if (!m) return false;
  const [, ns, resource, name] = m;
  const key = `${resource}/${ns}/${name}`;
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    const body: unknown = text ? JSON.parse(text) : null;
    state.scaleRequests.push({ method: req.method ?? "", path, contentType: req.headers["content-type"], body });
    const verb = req.method === "GET" ? "get" : req.method === "PUT" ? "update" : "patch";
    if (forbidden) return status(res, 403, "Forbidden", `${resource}.apps "${name}" is forbidden: User "system:serviceaccount:meridian:reader" cannot ${verb} resource "${resource}/scale" in API group "apps" in the namespace "${ns}"`);
    const current = state.scales.get(key);
    if (current === undefined) return status(res, 404, "NotFound", `${resource}.apps "${name}" not found`);
    let replicas = current;
    if (req.method === "PUT") replicas = (body as { spec?: { replicas?: number } } | null)?.spec?.replicas ?? current;
    else if (req.method === "PATCH") {
      if (req.headers["content-type"] !== "application/merge-patch+json") return status(res, 415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
      replicas = (body as { spec?: { replicas?: number } } | null)?.spec?.replicas ?? current;
    }
    if (replicas < 0) return status(res, 422, "Invalid", `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
    state.scales.set(key, replicas);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name, namespace: ns, resourceVersion: "4243" }, spec: { replicas }, status: { replicas: current, selector: `app.kubernetes.io/name=${name}` } }));
  });
  return true;
}
