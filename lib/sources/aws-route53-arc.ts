import {
  GetRoutingControlStateCommand,
  Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
  type RoutingControlState,
} from "@aws-sdk/client-route53-recovery-cluster";
import { AwsActionError, callAws } from "./aws-action-error";
import { toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// Route 53 Application Recovery Controller, cluster data plane. ARC speaks AWS JSON 1.0 (POST /,
// X-Amz-Target ToggleCustomerAPI.<Op>); each cluster has several regional endpoints and AWS's
// guidance is to try them in turn until one answers. The SDK handles the wire format.

export type ArcEndpoint = { url: string; region: string };
export type ArcOptions = AwsClientAuth & { endpoints: ArcEndpoint[]; timeoutMs?: number; maxAttempts?: number };
export type ControlState = "On" | "Off";

/** Failures that say "this endpoint", not "this request": the next endpoint may answer. */
function tryNextEndpoint(err: AwsActionError): boolean {
  return err.kind === "timeout" || err.kind === "unreachable" || err.kind === "throttled" || err.code === "EndpointTemporarilyUnavailableException";
}

export function createRoutingControl(opts: ArcOptions) {
  if (opts.endpoints.length === 0) throw new Error("Route 53 ARC needs at least one cluster endpoint");
  const clients = opts.endpoints.map(
    (e) =>
      new Route53RecoveryClusterClient({
        region: e.region,
        endpoint: e.url,
        credentials: toSdkCredentials(opts),
        maxAttempts: opts.maxAttempts ?? 1,
      }),
  );
  const timeoutMs = opts.timeoutMs ?? 10_000;

  /** Runs one call against each endpoint in turn until one answers; request errors stop at once. */
  async function onAnyEndpoint<T>(call: string, send: (c: Route53RecoveryClusterClient, abortSignal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<{ value: T; endpoint: string; tried: string[] }> {
    const tried: string[] = [];
    let last: AwsActionError | null = null;
    for (let i = 0; i < clients.length; i++) {
      const where = `Route 53 ARC (${opts.endpoints[i].region})`;
      try {
        const value = await callAws(where, call, timeoutMs, signal, (abortSignal) => send(clients[i], abortSignal));
        return { value, endpoint: opts.endpoints[i].url, tried };
      } catch (err) {
        if (!(err instanceof AwsActionError) || !tryNextEndpoint(err)) throw err;
        tried.push(`${opts.endpoints[i].region}: ${err.message}`);
        last = err;
      }
    }
    throw new AwsActionError("Route 53 ARC", last?.kind ?? "unreachable", last?.code ?? "Unreachable", `Route 53 ARC ${call}: no cluster endpoint answered (${tried.join("; ")})`);
  }

  return {
    async getState(routingControlArn: string, signal?: AbortSignal): Promise<{ arn: string; name: string | null; state: ControlState }> {
      const { value } = await onAnyEndpoint("GetRoutingControlState", (c, abortSignal) => c.send(new GetRoutingControlStateCommand({ RoutingControlArn: routingControlArn }), { abortSignal }), signal);
      return { arn: value.RoutingControlArn ?? routingControlArn, name: value.RoutingControlName ?? null, state: value.RoutingControlState === "On" ? "On" : "Off" };
    },

    /** Sets several controls in one call (ARC applies them together, checked against the safety rules). */
    async updateStates(entries: Array<{ arn: string; state: ControlState }>, opts2: { safetyRulesToOverride?: string[]; signal?: AbortSignal } = {}): Promise<{ endpoint: string; tried: string[] }> {
      const { endpoint, tried } = await onAnyEndpoint(
        "UpdateRoutingControlStates",
        (c, abortSignal) =>
          c.send(
            new UpdateRoutingControlStatesCommand({
              UpdateRoutingControlStateEntries: entries.map((e) => ({ RoutingControlArn: e.arn, RoutingControlState: e.state as RoutingControlState })),
              SafetyRulesToOverride: opts2.safetyRulesToOverride?.length ? opts2.safetyRulesToOverride : undefined,
            }),
            { abortSignal },
          ),
        opts2.signal,
      );
      return { endpoint, tried };
    },

    destroy(): void {
      for (const c of clients) c.destroy();
    },
  };
}

export type RoutingControl = ReturnType<typeof createRoutingControl>;
