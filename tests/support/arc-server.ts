import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for a Route 53 ARC cluster endpoint in its wire format, AWS JSON 1.0: POST /,
// X-Amz-Target ToggleCustomerAPI.{GetRoutingControlState|UpdateRoutingControlStates},
// application/x-amz-json-1.0 bodies, errors as {"__type": "...Exception", "message": "..."}.
// Several servers can share one `controls` map: the cluster's endpoints see the same state.

export type ArcRecorded = { target: string | undefined; headers: IncomingHttpHeaders; body: Record<string, unknown> };
export type ArcControl = { name: string; state: "On" | "Off" };

export type ArcServer = {
  url: string;
  controls: Map<string, ArcControl>;
  requests: ArcRecorded[];
  /** "down": this endpoint answers 503 EndpointTemporarilyUnavailableException. */
  mode: "ok" | "down";
  /** A safety rule: at least this many of the named controls must stay On (ARC's ATLEAST assertion). */
  atLeastOn: { rule: string; controls: string[]; count: number } | null;
  close(): Promise<void>;
};

const PREFIX = "ToggleCustomerAPI.";

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "req-arc" });
  res.end(JSON.stringify(body));
}
const error = (res: ServerResponse, status: number, type: string, message: string) => send(res, status, { __type: type, message });

export async function startArcServer(controls: Map<string, ArcControl> = new Map()): Promise<ArcServer> {
  const state: Omit<ArcServer, "url" | "close"> = { controls, requests: [], mode: "ok", atLeastOn: null };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      const target = typeof req.headers["x-amz-target"] === "string" ? req.headers["x-amz-target"] : undefined;
      state.requests.push({ target, headers: req.headers, body });
      if (state.mode === "down") return error(res, 503, "EndpointTemporarilyUnavailableException", "The cluster endpoint isn't available. Try another cluster endpoint.");
      if (req.method !== "POST" || req.url !== "/" || req.headers["content-type"] !== "application/x-amz-json-1.0") return error(res, 400, "ValidationException", "bad request");
      if (target === `${PREFIX}GetRoutingControlState`) {
        const arn = String(body.RoutingControlArn);
        const c = state.controls.get(arn);
        if (!c) return error(res, 404, "ResourceNotFoundException", `Routing control ${arn} not found`);
        return send(res, 200, { RoutingControlArn: arn, RoutingControlState: c.state, RoutingControlName: c.name });
      }
      if (target === `${PREFIX}UpdateRoutingControlStates`) {
        const entries = (body.UpdateRoutingControlStateEntries ?? []) as Array<{ RoutingControlArn: string; RoutingControlState: "On" | "Off" }>;
        for (const e of entries) if (!state.controls.has(e.RoutingControlArn)) return error(res, 404, "ResourceNotFoundException", `Routing control ${e.RoutingControlArn} not found`);
        const after = new Map([...state.controls].map(([k, v]) => [k, { ...v }]));
        for (const e of entries) after.get(e.RoutingControlArn)!.state = e.RoutingControlState;
        const rule = state.atLeastOn;
        const overridden = ((body.SafetyRulesToOverride ?? []) as string[]).includes(rule?.rule ?? "");
        if (rule && !overridden && rule.controls.filter((a) => after.get(a)?.state === "On").length < rule.count)
          return error(res, 409, "ConflictException", `Update would violate safety rule ${rule.rule}: at least ${rule.count} routing control(s) must be On`);
        for (const [k, v] of after) state.controls.set(k, v);
        return send(res, 200, {});
      }
      return error(res, 400, "UnknownOperationException", `unknown target ${String(target)}`);
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as ArcServer;
}
