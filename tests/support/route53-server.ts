import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for Route 53 in its wire format, REST-XML: POST /2013-04-01/hostedzone/{Id}/rrset
// with a <ChangeResourceRecordSetsRequest> body (applied atomically), GET …/rrset?name=&type=&identifier=&maxitems=
// (Route 53's listing order and NextRecordName/Type/Identifier paging), GET /2013-04-01/change/{Id};
// errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
// The request body is read with small regexes on purpose: the server must not share the SDK's parser.

const NS = "https://route53.amazonaws.com/doc/2013-04-01/";

export type R53Record = { name: string; type: string; setIdentifier?: string; weight?: number; failover?: string; ttl?: number; values: string[]; healthCheckId?: string };
export type R53Recorded = { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: string };
export type R53Fault = { status: number; code: string; message: string };

export type Route53Server = {
  url: string;
  /** hosted zone id (no /hostedzone/ prefix) → records */
  zones: Map<string, R53Record[]>;
  changes: Map<string, { status: string; submittedAt: string; polls: number }>;
  requests: R53Recorded[];
  /** The next ChangeResourceRecordSets answers with this error. */
  fault: R53Fault | null;
  /** GetChange reports INSYNC after this many polls. */
  pollsUntilInsync: number;
  close(): Promise<void>;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const unesc = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const one = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unesc(m[1]) : undefined;
};
const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1]);
const fqdn = (n: string) => (n.endsWith(".") ? n : `${n}.`).toLowerCase();
/** Route 53 lists by name with labels reversed (com.example.api), then type, then set identifier. */
const orderKey = (r: Pick<R53Record, "name" | "type" | "setIdentifier">) => `${fqdn(r.name).split(".").reverse().join(".")}\u0000${r.type}\u0000${r.setIdentifier ?? ""}`;

function recordXml(r: R53Record): string {
  const t = (n: string, v: string | number | undefined) => (v === undefined ? "" : `<${n}>${esc(String(v))}</${n}>`);
  return `<ResourceRecordSet>${t("Name", fqdn(r.name))}${t("Type", r.type)}${t("SetIdentifier", r.setIdentifier)}${t("Weight", r.weight)}${t("Failover", r.failover)}${t("TTL", r.ttl)}<ResourceRecords>${r.values.map((v) => `<ResourceRecord><Value>${esc(v)}</Value></ResourceRecord>`).join("")}</ResourceRecords>${t("HealthCheckId", r.healthCheckId)}</ResourceRecordSet>`;
}

function parseRecord(xml: string): R53Record {
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  return {
    name: one(xml, "Name") ?? "",
    type: one(xml, "Type") ?? "",
    setIdentifier: one(xml, "SetIdentifier"),
    weight: num(one(xml, "Weight")),
    failover: one(xml, "Failover"),
    ttl: num(one(xml, "TTL")),
    values: all(xml, "Value").map(unesc),
    healthCheckId: one(xml, "HealthCheckId"),
  };
}

function xml(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": "req-r53" });
  res.end(`<?xml version="1.0"?>\n${body}`);
}
function error(res: ServerResponse, status: number, code: string, message: string) {
  xml(res, status, `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`);
}

export async function startRoute53Server(): Promise<Route53Server> {
  const state: Omit<Route53Server, "url" | "close"> = { zones: new Map(), changes: new Map(), requests: [], fault: null, pollsUntilInsync: 1 };
  let changeSeq = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = Buffer.concat(chunks).toString("utf8");
      state.requests.push({ method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
      const change = /^\/2013-04-01\/change\/([^/]+)$/.exec(url.pathname);
      if (rrset) {
        const zone = state.zones.get(rrset[1]);
        if (!zone) return error(res, 404, "NoSuchHostedZone", `No hosted zone found with ID: ${rrset[1]}`);
        if (req.method === "GET") {
          const sorted = [...zone].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
          const q = url.searchParams;
          const startKey = q.get("name") ? orderKey({ name: q.get("name") ?? "", type: q.get("type") ?? "", setIdentifier: q.get("identifier") ?? undefined }) : "";
          const from = sorted.filter((r) => orderKey(r) >= startKey);
          const max = Number(q.get("maxitems") ?? 100);
          const page = from.slice(0, max);
          const next = from[max];
          const more = next ? `<IsTruncated>true</IsTruncated><NextRecordName>${esc(fqdn(next.name))}</NextRecordName><NextRecordType>${next.type}</NextRecordType>${next.setIdentifier ? `<NextRecordIdentifier>${esc(next.setIdentifier)}</NextRecordIdentifier>` : ""}` : "<IsTruncated>false</IsTruncated>";
          return xml(res, 200, `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${page.map(recordXml).join("")}</ResourceRecordSets>${more}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`);
        }
        if (req.method !== "POST" || !body.includes("<ChangeResourceRecordSetsRequest")) return error(res, 400, "InvalidInput", "expected a ChangeResourceRecordSetsRequest");
        if (state.fault) {
          const f = state.fault;
          state.fault = null;
          return error(res, f.status, f.code, f.message);
        }
        // Atomic: validate every change against a copy, commit only if all pass.
        const next = zone.map((r) => ({ ...r }));
        const same = (a: R53Record, b: R53Record) => fqdn(a.name) === fqdn(b.name) && a.type === b.type && (a.setIdentifier ?? "") === (b.setIdentifier ?? "");
        const problems: string[] = [];
        for (const c of all(body, "Change")) {
          const action = one(c, "Action");
          const rec = parseRecord(one(c, "ResourceRecordSet") ?? "");
          const at = next.findIndex((r) => same(r, rec));
          const label = `[name='${fqdn(rec.name)}', type='${rec.type}'${rec.setIdentifier ? `, set-identifier='${rec.setIdentifier}'` : ""}]`;
          if (action === "DELETE") {
            if (at < 0) problems.push(`Tried to delete resource record set ${label} but it was not found`);
            else next.splice(at, 1);
          } else if (action === "CREATE") {
            if (at >= 0) problems.push(`Tried to create resource record set ${label} but it already exists`);
            else next.push(rec);
          } else if (action === "UPSERT") {
            if (at >= 0) next[at] = rec;
            else next.push(rec);
          } else problems.push(`Unknown action ${String(action)}`);
        }
        if (problems.length) return error(res, 400, "InvalidChangeBatch", `[${problems.join(", ")}]`);
        state.zones.set(rrset[1], next);
        const id = `C${String(++changeSeq).padStart(12, "0")}`;
        const submittedAt = new Date().toISOString();
        state.changes.set(id, { status: "PENDING", submittedAt, polls: 0 });
        const comment = one(body, "Comment");
        return xml(res, 200, `<ChangeResourceRecordSetsResponse xmlns="${NS}"><ChangeInfo><Id>/change/${id}</Id><Status>PENDING</Status><SubmittedAt>${submittedAt}</SubmittedAt>${comment ? `<Comment>${esc(comment)}</Comment>` : ""}</ChangeInfo></ChangeResourceRecordSetsResponse>`);
      }
      if (change && req.method === "GET") {
        const c = state.changes.get(change[1]);
        if (!c) return error(res, 404, "NoSuchChange", `A change with the specified change ID does not exist.`);
        c.polls += 1;
        if (c.polls >= state.pollsUntilInsync) c.status = "INSYNC";
        return xml(res, 200, `<GetChangeResponse xmlns="${NS}"><ChangeInfo><Id>/change/${change[1]}</Id><Status>${c.status}</Status><SubmittedAt>${c.submittedAt}</SubmittedAt></ChangeInfo></GetChangeResponse>`);
      }
      return error(res, 404, "UnknownOperationException", `unsupported ${req.method} ${url.pathname}`);
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as Route53Server;
}
