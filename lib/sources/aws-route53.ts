import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet, type RRType } from "@aws-sdk/client-route-53";
import { callAws } from "./aws-action-error";
import { toSdkCredentials, type AwsClientAuth } from "./aws-credentials";

// Route 53 record changes. Route 53 speaks REST-XML (POST /2013-04-01/hostedzone/{Id}/rrset with a
// <ChangeResourceRecordSetsRequest> body, GET …/rrset?name=&type= to list, GET /2013-04-01/change/{Id});
// it is a global service signed for us-east-1. The SDK handles the wire format.

export type Route53Options = AwsClientAuth & { endpoint?: string; timeoutMs?: number; maxAttempts?: number; /** Records per list page (Route 53 allows up to 300). */ pageSize?: number };

export type RecordSet = {
  name: string;
  type: "A" | "AAAA" | "CNAME";
  setIdentifier?: string;
  weight?: number;
  failover?: "PRIMARY" | "SECONDARY";
  ttl?: number;
  values: string[];
  healthCheckId?: string;
};
export type RecordChange = { action: "CREATE" | "UPSERT" | "DELETE"; set: RecordSet };
export type ChangeInfo = { id: string; status: "PENDING" | "INSYNC" | string; submittedAt: string | null };

/** "api.example.com" and "api.example.com." are the same name. */
export function sameRecordName(a: string, b: string): boolean {
  return a.replace(/\.$/, "").toLowerCase() === b.replace(/\.$/, "").toLowerCase();
}

function toSdk(s: RecordSet): ResourceRecordSet {
  return {
    Name: s.name,
    Type: s.type,
    SetIdentifier: s.setIdentifier,
    Weight: s.weight,
    Failover: s.failover,
    TTL: s.ttl,
    HealthCheckId: s.healthCheckId,
    ResourceRecords: s.values.map((Value) => ({ Value })),
  };
}

function fromSdk(r: ResourceRecordSet): RecordSet {
  return {
    name: r.Name ?? "",
    type: (r.Type ?? "A") as RecordSet["type"],
    setIdentifier: r.SetIdentifier,
    weight: r.Weight,
    failover: r.Failover as RecordSet["failover"],
    ttl: r.TTL,
    values: (r.ResourceRecords ?? []).map((x) => x.Value ?? ""),
    healthCheckId: r.HealthCheckId,
  };
}

export function createRoute53(opts: Route53Options) {
  const client = new Route53Client({
    region: "us-east-1",
    endpoint: opts.endpoint,
    credentials: toSdkCredentials(opts),
    maxAttempts: opts.maxAttempts ?? 3,
  });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const P = "Route 53";

  return {
    /** Every record set with this name and type (all set identifiers), following pagination. */
    async listRecordSets(hostedZoneId: string, name: string, type: RecordSet["type"], signal?: AbortSignal): Promise<RecordSet[]> {
      const out: RecordSet[] = [];
      let start: { name: string; type: RRType; id?: string } | null = { name, type };
      while (start) {
        const from: { name: string; type: RRType; id?: string } = start;
        const page = await callAws(P, "ListResourceRecordSets", timeoutMs, signal, (abortSignal) =>
          client.send(
            new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, StartRecordName: from.name, StartRecordType: from.type, StartRecordIdentifier: from.id, MaxItems: opts.pageSize ?? 100 }),
            { abortSignal },
          ),
        );
        // Listing starts at (name, type) in Route 53's order; stop at the first other name or type.
        let passed = false;
        for (const r of page.ResourceRecordSets ?? []) {
          if (!sameRecordName(r.Name ?? "", name) || r.Type !== type) {
            passed = true;
            break;
          }
          out.push(fromSdk(r));
        }
        start = !passed && page.IsTruncated && page.NextRecordName ? { name: page.NextRecordName, type: (page.NextRecordType ?? type) as RRType, id: page.NextRecordIdentifier } : null;
      }
      return out;
    },

    /** One atomic batch: Route 53 applies all changes or none. */
    async changeRecordSets(hostedZoneId: string, changes: RecordChange[], comment?: string, signal?: AbortSignal): Promise<ChangeInfo> {
      const out = await callAws(P, "ChangeResourceRecordSets", timeoutMs, signal, (abortSignal) =>
        client.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: hostedZoneId,
            ChangeBatch: { Comment: comment, Changes: changes.map((c) => ({ Action: c.action, ResourceRecordSet: toSdk(c.set) })) },
          }),
          { abortSignal },
        ),
      );
      return { id: out.ChangeInfo?.Id ?? "", status: out.ChangeInfo?.Status ?? "PENDING", submittedAt: out.ChangeInfo?.SubmittedAt?.toISOString() ?? null };
    },

    async getChange(id: string, signal?: AbortSignal): Promise<ChangeInfo> {
      const out = await callAws(P, "GetChange", timeoutMs, signal, (abortSignal) => client.send(new GetChangeCommand({ Id: id }), { abortSignal }));
      return { id: out.ChangeInfo?.Id ?? id, status: out.ChangeInfo?.Status ?? "PENDING", submittedAt: out.ChangeInfo?.SubmittedAt?.toISOString() ?? null };
    },

    /** Polls GetChange until INSYNC (every Route 53 name server has the change); the signal bounds it. */
    async waitForInsync(id: string, opts: { pollMs: number; signal: AbortSignal }): Promise<ChangeInfo> {
      for (;;) {
        const c = await this.getChange(id, opts.signal);
        if (c.status === "INSYNC") return c;
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, opts.pollMs);
          opts.signal.addEventListener("abort", () => (clearTimeout(t), reject(opts.signal.reason)), { once: true });
        });
      }
    },

    destroy(): void {
      client.destroy();
    },
  };
}

export type Route53 = ReturnType<typeof createRoute53>;
