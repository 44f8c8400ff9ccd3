import { ApiException, AppsV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Scale } from "@kubernetes/client-node";
import { KubernetesError } from "./kubernetes";

// Replica counts through the /scale subresource (what `kubectl scale` uses): read, merge-patch
// (only spec.replicas changes) or replace. One kubeconfig context per client.

export type ScalableKind = "deployment" | "statefulset";
export type ScaleTarget = { kind: ScalableKind; namespace: string; name: string };
export type ScaleState = { specReplicas: number; statusReplicas: number };

function toError(err: unknown, context: string, target: ScaleTarget, verb: string): KubernetesError {
  if (err instanceof KubernetesError) return err;
  const what = `${target.kind} ${target.namespace}/${target.name}`;
  if (err instanceof ApiException) {
    const raw = `${typeof err.body === "string" ? err.body : (JSON.stringify(err.body) ?? "")}`;
    const quoted = /"message"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(raw)?.[1];
    const message = quoted ? (JSON.parse(quoted) as string) : err.message.slice(0, 200);
    if (err.code === 401) return new KubernetesError("auth", context, `${context}: credentials rejected (401) while trying to ${verb} ${what}`);
    if (err.code === 403) return new KubernetesError("forbidden", context, `${context}: forbidden (403): ${message}`);
    return new KubernetesError("error", context, `${context}: ${verb} ${what}: HTTP ${err.code}: ${message}`);
  }
  return new KubernetesError("unreachable", context, `${context}: could not ${verb} ${what}: ${(err as Error).message}`);
}

function toState(s: V1Scale): ScaleState {
  return { specReplicas: s.spec?.replicas ?? 0, statusReplicas: s.status?.replicas ?? 0 };
}

export function createKubernetesScaler(kc: KubeConfig, opts: { context: string; timeoutMs?: number }) {
  const apps = kc.makeApiClient(AppsV1Api);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const { context } = opts;

  // The generated client takes no AbortSignal: race a timer and the caller's signal.
  function bounded<T>(p: Promise<T>, target: ScaleTarget, verb: string, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        f();
      };
      const onAbort = () => finish(() => reject(signal?.reason ?? new Error("aborted")));
      const timer = setTimeout(() => finish(() => reject(new KubernetesError("timeout", context, `${context}: no answer within ${timeoutMs} ms to ${verb} ${target.namespace}/${target.name}`))), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      p.then(
        (v) => finish(() => resolve(v)),
        (e: unknown) => finish(() => reject(toError(e, context, target, verb))),
      );
    });
  }

  return {
    context,
    async getScale(target: ScaleTarget, signal?: AbortSignal): Promise<ScaleState> {
      const req = { name: target.name, namespace: target.namespace };
      const p = target.kind === "deployment" ? apps.readNamespacedDeploymentScale(req) : apps.readNamespacedStatefulSetScale(req);
      return toState(await bounded(p, target, "read the scale of", signal));
    },

    /** Sets spec.replicas with a JSON merge patch; returns the replicas before and after. */
    async setReplicas(target: ScaleTarget, replicas: number, signal?: AbortSignal): Promise<{ before: number; after: number }> {
      const before = await this.getScale(target, signal);
      const req = { name: target.name, namespace: target.namespace, body: { spec: { replicas } }, fieldManager: "meridian" };
      // client-node 1.x sends JSON Patch by default; a merge patch is what `kubectl scale` amounts to.
      const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
      const p = target.kind === "deployment" ? apps.patchNamespacedDeploymentScale(req, options) : apps.patchNamespacedStatefulSetScale(req, options);
      const after = toState(await bounded(p, target, "scale", signal));
      return { before: before.specReplicas, after: after.specReplicas };
    },

    /** Replaces the Scale object (PUT), for API servers or policies that refuse patches. */
    async replaceReplicas(target: ScaleTarget, replicas: number, signal?: AbortSignal): Promise<ScaleState> {
      const body: V1Scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: target.name, namespace: target.namespace }, spec: { replicas } };
      const req = { name: target.name, namespace: target.namespace, body, fieldManager: "meridian" };
      const p = target.kind === "deployment" ? apps.replaceNamespacedDeploymentScale(req) : apps.replaceNamespacedStatefulSetScale(req);
      return toState(await bounded(p, target, "scale", signal));
    },
  };
}

export type KubernetesScaler = ReturnType<typeof createKubernetesScaler>;
