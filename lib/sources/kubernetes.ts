import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, type V1Container, type V1ObjectMeta } from "@kubernetes/client-node";
import type { V1DaemonSet, V1Deployment, V1Node, V1Pod, V1StatefulSet } from "@kubernetes/client-node";
import { SourceUnavailableError } from "@/lib/http/errors";

// Kubernetes client for one kubeconfig context: lists workloads, nodes and pod requests with
// list pagination (limit + continue) and maps them to plain, typed records.

/** A workload's rollout as Kubernetes reports it. */
export type RolloutState = "complete" | "progressing" | "failed" | "paused";

/**
 * One workload as this client reads it. Defined here, not in lib/deployments, because a source knows
 * no domain; lib/deployments' Workload has the same shape (plus what only the demo knows), so these
 * records are Workloads as they are.
 */
export type KubernetesWorkload = {
  service: string;
  region: string;
  cluster: string;
  kind: "Deployment" | "StatefulSet" | "DaemonSet";
  /** image tag, Helm chart version or app.kubernetes.io/version, in that order of preference */
  version: string;
  image: string;
  chart: string | null;
  readyReplicas: number;
  desiredReplicas: number;
  rollout: RolloutState;
  deployedAt: string | null;
  /** Who shipped it: the `meridian.io/deployer` annotation (set by CI); null when the workload does not say. */
  deployer: string | null;
  /** The source commit: `meridian.io/commit`, else the OCI `org.opencontainers.image.revision` annotation. */
  commit: string | null;
  /** The Helm release that owns it (`meta.helm.sh/release-name`, as "namespace/name" when Helm records the namespace). */
  release: string | null;
};

/** Annotations and labels that say who deployed what (CI sets the meridian.io ones; Helm its own). */
export const DEPLOY_ANNOTATIONS = {
  deployer: "meridian.io/deployer",
  commit: "meridian.io/commit",
  ociRevision: "org.opencontainers.image.revision",
  helmRelease: "meta.helm.sh/release-name",
  helmNamespace: "meta.helm.sh/release-namespace",
} as const;

export type KubernetesErrorKind = "kubeconfig" | "auth" | "forbidden" | "timeout" | "unreachable" | "error";

export class KubernetesError extends SourceUnavailableError {
  constructor(readonly kind: KubernetesErrorKind, readonly context: string, message: string) {
    super(message, { source: "kubernetes", kind, context });
  }
}

/** Loads kubeconfig text for one context; anything malformed becomes a KubernetesError that says what. */
export function loadKubeContext(kubeconfigText: string, context: string, origin = "kubeconfig"): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(kubeconfigText, { onInvalidEntry: "throw" });
  } catch (err) {
    throw new KubernetesError("kubeconfig", context, `${origin} is malformed: ${(err as Error).message}`);
  }
  const ctx = kc.getContextObject(context);
  if (!ctx) {
    const known = kc.getContexts().map((c) => c.name);
    throw new KubernetesError("kubeconfig", context, `${origin} has no context "${context}"${known.length ? ` (has: ${known.join(", ")})` : ""}`);
  }
  if (!kc.getCluster(ctx.cluster)) throw new KubernetesError("kubeconfig", context, `${origin}: context "${context}" names cluster "${ctx.cluster}", which is not defined`);
  kc.setCurrentContext(context);
  return kc;
}

// --- quantities ---------------------------------------------------------------------------------
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes resource quantity ("7910m", "32Gi", "129e6", "1.5") as a plain number of base units. */
export function parseQuantity(q: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: "${q}"`);
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return Number(`${m[1]}${m[3]}`);
  return n * DECIMAL[m[4] ?? ""];
}

export type Resources = { cpu: number; memoryGiB: number };

function resources(map: Record<string, string> | undefined): Resources {
  return { cpu: map?.cpu ? parseQuantity(map.cpu) : 0, memoryGiB: map?.memory ? parseQuantity(map.memory) / 2 ** 30 : 0 };
}

// --- workloads ----------------------------------------------------------------------------------
type AnyWorkload = { kind: KubernetesWorkload["kind"]; obj: V1Deployment | V1StatefulSet | V1DaemonSet };

/** "ghcr.io/acme/api:1.4.2@sha256:…" → "1.4.2"; a registry port is not a tag. */
export function imageTag(image: string): string | null {
  const noDigest = image.split("@")[0];
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > lastSlash ? noDigest.slice(colon + 1) : null;
}

/** "payments-api-2.7.0" → "2.7.0" (Helm's chart label is name-version). */
export function chartVersion(chart: string | undefined): string | null {
  return chart ? (/-(v?\d[\w.+-]*)$/.exec(chart)?.[1] ?? null) : null;
}

function mainContainer(containers: V1Container[] | undefined, name: string): V1Container | undefined {
  return containers?.find((c) => c.name === name) ?? containers?.[0];
}

function deploymentRollout(d: V1Deployment): RolloutState {
  if (d.spec?.paused) return "paused";
  const progressing = d.status?.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") return "failed";
  const want = d.spec?.replicas ?? 1;
  const s = d.status;
  // The same tests as `kubectl rollout status`.
  if ((s?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return "progressing";
  if ((s?.updatedReplicas ?? 0) < want) return "progressing";
  if ((s?.replicas ?? 0) > (s?.updatedReplicas ?? 0)) return "progressing";
  if ((s?.availableReplicas ?? 0) < (s?.updatedReplicas ?? 0)) return "progressing";
  return "complete";
}

function statefulSetRollout(s: V1StatefulSet): RolloutState {
  if (s.spec?.updateStrategy?.type === "OnDelete") return "complete";
  const st = s.status;
  if ((st?.observedGeneration ?? 0) < (s.metadata?.generation ?? 0)) return "progressing";
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if ((st?.updatedReplicas ?? 0) < (s.spec?.replicas ?? 1) - partition) return "progressing";
  if (partition === 0 && st?.updateRevision && st.currentRevision !== st.updateRevision) return "progressing";
  return "complete";
}

function daemonSetRollout(d: V1DaemonSet): RolloutState {
  const st = d.status;
  if ((st?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return "progressing";
  if ((st?.updatedNumberScheduled ?? 0) < (st?.desiredNumberScheduled ?? 0)) return "progressing";
  if ((st?.numberAvailable ?? 0) < (st?.desiredNumberScheduled ?? 0)) return "progressing";
  return "complete";
}

/** Which configured service a workload belongs to: the config's "namespace/name" wins, then the labels. */
export function serviceIdOf(meta: V1ObjectMeta | undefined, workloadMap: Record<string, string> = {}): string {
  const key = `${meta?.namespace ?? "default"}/${meta?.name ?? ""}`;
  const labels = meta?.labels ?? {};
  return workloadMap[key] ?? labels["app.kubernetes.io/name"] ?? labels["app.kubernetes.io/instance"] ?? meta?.name ?? "unknown";
}

export function toWorkload({ kind, obj }: AnyWorkload, where: { region: string; cluster: string; workloadMap?: Record<string, string> }): KubernetesWorkload {
  const meta = obj.metadata;
  const labels = meta?.labels ?? {};
  const container = mainContainer(obj.spec?.template.spec?.containers, meta?.name ?? "");
  const image = container?.image ?? "";
  const tag = imageTag(image);
  const chart = labels["helm.sh/chart"] ?? null;
  const version = (tag && tag !== "latest" ? tag : null) ?? chartVersion(chart ?? undefined) ?? labels["app.kubernetes.io/version"] ?? "unknown";
  let ready = 0;
  let desired = 0;
  let rollout: RolloutState = "complete";
  let deployedAt: string | null = null;
  if (kind === "Deployment") {
    const d = obj as V1Deployment;
    desired = d.spec?.replicas ?? 1;
    ready = d.status?.readyReplicas ?? 0;
    rollout = deploymentRollout(d);
    // When the current ReplicaSet became available is when this version was deployed.
    const p = d.status?.conditions?.find((c) => c.type === "Progressing" && c.reason === "NewReplicaSetAvailable");
    deployedAt = p?.lastUpdateTime ? new Date(p.lastUpdateTime).toISOString() : null;
  } else if (kind === "StatefulSet") {
    const s = obj as V1StatefulSet;
    desired = s.spec?.replicas ?? 1;
    ready = s.status?.readyReplicas ?? 0;
    rollout = statefulSetRollout(s);
  } else {
    const ds = obj as V1DaemonSet;
    desired = ds.status?.desiredNumberScheduled ?? 0;
    ready = ds.status?.numberReady ?? 0;
    rollout = daemonSetRollout(ds);
  }
  // CI annotates either the workload or its pod template; the workload's own annotation wins.
  const notes = { ...(obj.spec?.template.metadata?.annotations ?? {}), ...labels, ...(meta?.annotations ?? {}) };
  const helmRelease = notes[DEPLOY_ANNOTATIONS.helmRelease];
  const helmNamespace = notes[DEPLOY_ANNOTATIONS.helmNamespace];
  return {
    service: serviceIdOf(meta, where.workloadMap),
    region: where.region,
    cluster: where.cluster,
    kind,
    version,
    image,
    chart,
    readyReplicas: ready,
    desiredReplicas: desired,
    rollout,
    deployedAt,
    deployer: notes[DEPLOY_ANNOTATIONS.deployer] || null,
    commit: notes[DEPLOY_ANNOTATIONS.commit] || notes[DEPLOY_ANNOTATIONS.ociRevision] || null,
    release: helmRelease ? (helmNamespace ? `${helmNamespace}/${helmRelease}` : helmRelease) : null,
  };
}

export type NodeSummary = { name: string; ready: boolean; nodeGroup: string | null; instanceType: string | null; allocatable: Resources; kubeletVersion: string | null };

export function toNodeSummary(n: V1Node): NodeSummary {
  const labels = n.metadata?.labels ?? {};
  return {
    name: n.metadata?.name ?? "",
    ready: n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    nodeGroup: labels["eks.amazonaws.com/nodegroup"] ?? labels["karpenter.sh/nodepool"] ?? null,
    instanceType: labels["node.kubernetes.io/instance-type"] ?? null,
    allocatable: resources(n.status?.allocatable),
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? null,
  };
}

/** A pod's effective request: the larger of its containers' sum and its biggest init container. */
export function podRequests(p: V1Pod): Resources {
  const sum = (p.spec?.containers ?? []).map((c) => resources(c.resources?.requests)).reduce((a, b) => ({ cpu: a.cpu + b.cpu, memoryGiB: a.memoryGiB + b.memoryGiB }), { cpu: 0, memoryGiB: 0 });
  for (const c of p.spec?.initContainers ?? []) {
    const r = resources(c.resources?.requests);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memoryGiB = Math.max(sum.memoryGiB, r.memoryGiB);
  }
  return sum;
}

// --- client -------------------------------------------------------------------------------------
export type KubernetesOptions = { context: string; timeoutMs?: number; pageSize?: number };

function describeError(err: unknown, context: string, server: string): KubernetesError {
  if (err instanceof KubernetesError) return err;
  if (err instanceof ApiException) {
    // The generated client puts the raw Status JSON in body (a string) and repeats it in message.
    const body = `${typeof err.body === "string" ? err.body : (JSON.stringify(err.body) ?? "")} ${err.message}`;
    const quoted = /"message"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(body)?.[1];
    const message = quoted ? (JSON.parse(quoted) as string) : err.message.slice(0, 200);
    if (err.code === 401) return new KubernetesError("auth", context, `${context}: credentials rejected by ${server} (401 Unauthorized) — the token or certificate is invalid or expired`);
    if (err.code === 403) return new KubernetesError("forbidden", context, `${context}: forbidden (403): ${message}`);
    return new KubernetesError("error", context, `${context}: HTTP ${err.code}: ${message}`);
  }
  return new KubernetesError("unreachable", context, `${context}: ${server} is unreachable: ${(err as Error).message}`);
}

export function createKubernetes(kc: KubeConfig, opts: KubernetesOptions) {
  const { context } = opts;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const limit = opts.pageSize ?? 500;
  const server = kc.getCurrentCluster()?.server ?? "the API server";
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);

  // The client takes no AbortSignal, so each request races a timer; a late answer is dropped.
  function bounded<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => finish(() => reject(signal?.reason ?? new Error("aborted")));
      const timer = setTimeout(() => finish(() => reject(new KubernetesError("timeout", context, `${context}: ${server} did not answer within ${timeoutMs} ms`))), timeoutMs);
      let done = false;
      function finish(f: () => void) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        f();
      }
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      p.then(
        (v) => finish(() => resolve(v)),
        (e: unknown) => finish(() => reject(describeError(e, context, server))),
      ).catch((e: unknown) => finish(() => reject(e)));
    });
  }

  /** Follows metadata.continue until the list is complete. */
  async function listAll<T>(fetchPage: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    let cont: string | undefined;
    do {
      const page = await bounded(fetchPage(cont), signal);
      out.push(...page.items);
      cont = page.metadata?._continue || undefined;
    } while (cont);
    return out;
  }

  return {
    context,
    server,
    async listWorkloads(where: { region: string; cluster: string; workloadMap?: Record<string, string> }, signal?: AbortSignal): Promise<KubernetesWorkload[]> {
      const [deployments, statefulSets, daemonSets] = await Promise.all([
        listAll((c) => apps.listDeploymentForAllNamespaces({ limit, _continue: c }), signal),
        listAll((c) => apps.listStatefulSetForAllNamespaces({ limit, _continue: c }), signal),
        listAll((c) => apps.listDaemonSetForAllNamespaces({ limit, _continue: c }), signal),
      ]);
      return [
        ...deployments.map((obj) => toWorkload({ kind: "Deployment", obj }, where)),
        ...statefulSets.map((obj) => toWorkload({ kind: "StatefulSet", obj }, where)),
        ...daemonSets.map((obj) => toWorkload({ kind: "DaemonSet", obj }, where)),
      ];
    },
    async listNodes(signal?: AbortSignal): Promise<NodeSummary[]> {
      return (await listAll((c) => core.listNode({ limit, _continue: c }), signal)).map(toNodeSummary);
    },
    /** Sum of requests of pods that hold capacity (not Succeeded or Failed). */
    async getRequested(signal?: AbortSignal): Promise<Resources> {
      const pods = await listAll(
        (c) => core.listPodForAllNamespaces({ limit, _continue: c, fieldSelector: "status.phase!=Succeeded,status.phase!=Failed" }),
        signal,
      );
      return pods.map(podRequests).reduce((a, b) => ({ cpu: a.cpu + b.cpu, memoryGiB: a.memoryGiB + b.memoryGiB }), { cpu: 0, memoryGiB: 0 });
    },
  };
}

export type Kubernetes = ReturnType<typeof createKubernetes>;
