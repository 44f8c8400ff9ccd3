import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for the RDS API in the wire format the installed SDK speaks: awsQuery —
// POST / with a form body (Action=…&Version=2014-10-31&…), XML answers
// <{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata/></{Action}Response>,
// errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.

const NS = "http://rds.amazonaws.com/doc/2014-10-31/";

export type RdsMember = { arn: string; isWriter: boolean; readers: string[] };
export type RdsGlobalCluster = { id: string; status: string; members: RdsMember[]; failover: { status: string; from: string; to: string; dataLoss: boolean } | null };
export type RdsInstance = { id: string; status: string; source: string | null };
/** A snapshot of a cluster (DescribeDBClusterSnapshots) or an instance (DescribeDBSnapshots). */
export type RdsFakeSnapshot = { id: string; of: string; createdAt: string | null; status: string; type: "automated" | "manual" };
export type RdsRecorded = { action: string; params: Record<string, string>; headers: IncomingHttpHeaders };
/** The next call of this action answers with this error (then it is cleared). */
export type RdsFault = { action: string; status: number; code: string; message: string };

export type RdsServer = {
  url: string;
  requests: RdsRecorded[];
  globalClusters: Map<string, RdsGlobalCluster>;
  instances: Map<string, RdsInstance>;
  clusterSnapshots: RdsFakeSnapshot[];
  dbSnapshots: RdsFakeSnapshot[];
  /** Page size the server uses regardless of MaxRecords, so tests can exercise Marker paging. */
  pageSize: number;
  faults: RdsFault[];
  close(): Promise<void>;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const tag = (name: string, value: string | number | boolean | null | undefined) => (value === null || value === undefined ? "" : `<${name}>${typeof value === "string" ? esc(value) : String(value)}</${name}>`);

function globalClusterXml(gc: RdsGlobalCluster, wrapper: string): string {
  const members = gc.members
    .map((m) => `<GlobalClusterMember>${tag("DBClusterArn", m.arn)}<Readers>${m.readers.map((r) => tag("member", r)).join("")}</Readers>${tag("IsWriter", m.isWriter)}</GlobalClusterMember>`)
    .join("");
  const fs = gc.failover
    ? `<FailoverState>${tag("Status", gc.failover.status)}${tag("FromDbClusterArn", gc.failover.from)}${tag("ToDbClusterArn", gc.failover.to)}${tag("IsDataLossAllowed", gc.failover.dataLoss)}</FailoverState>`
    : "";
  return `<${wrapper}>${tag("GlobalClusterIdentifier", gc.id)}${tag("GlobalClusterArn", `arn:aws:rds::123456789012:global-cluster:${gc.id}`)}${tag("Status", gc.status)}${tag("Engine", "aurora-postgresql")}<GlobalClusterMembers>${members}</GlobalClusterMembers>${fs}</${wrapper}>`;
}

function send(res: ServerResponse, action: string, body: string, n: number) {
  res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": `req-${n}` });
  res.end(`<?xml version="1.0"?>\n<${action}Response xmlns="${NS}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata></${action}Response>`);
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": "req-err" });
  res.end(`<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`);
}

/** Moves the writer to `to` (what AWS does once the switchover/failover completes). */
function moveWriter(gc: RdsGlobalCluster, to: string) {
  const readers = gc.members.flatMap((m) => m.readers);
  for (const m of gc.members) {
    m.isWriter = m.arn === to;
    m.readers = m.isWriter ? [...new Set([...readers, ...gc.members.filter((x) => x.arn !== to).map((x) => x.arn)])].filter((r) => r !== to) : [];
  }
}

export async function startRdsServer(): Promise<RdsServer> {
  const state: Omit<RdsServer, "url" | "close"> = { requests: [], globalClusters: new Map(), instances: new Map(), clusterSnapshots: [], dbSnapshots: [], pageSize: 100, faults: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")).entries());
      const action = params.Action ?? "";
      state.requests.push({ action, params, headers: req.headers });
      const n = state.requests.length;
      if (req.method !== "POST" || req.url !== "/" || params.Version !== "2014-10-31") return sendError(res, 400, "InvalidAction", `unsupported ${req.method} ${req.url} v${params.Version}`);
      const fault = state.faults.findIndex((f) => f.action === action);
      if (fault >= 0) {
        const f = state.faults.splice(fault, 1)[0];
        return sendError(res, f.status, f.code, f.message);
      }
      if (action === "PromoteReadReplica") {
        const inst = state.instances.get(params.DBInstanceIdentifier);
        if (!inst) return sendError(res, 404, "DBInstanceNotFound", `DBInstance ${params.DBInstanceIdentifier} not found.`);
        if (!inst.source) return sendError(res, 400, "InvalidDBInstanceState", `DB Instance is not a read replica.`);
        const was = inst.source;
        inst.source = null;
        inst.status = "modifying";
        return send(res, action, `<DBInstance>${tag("DBInstanceIdentifier", inst.id)}${tag("DBInstanceStatus", inst.status)}${tag("ReadReplicaSourceDBInstanceIdentifier", was)}</DBInstance>`, n);
      }
      if (action === "SwitchoverGlobalCluster" || action === "FailoverGlobalCluster") {
        const gc = state.globalClusters.get(params.GlobalClusterIdentifier);
        if (!gc) return sendError(res, 404, "GlobalClusterNotFoundFault", `Global cluster ${params.GlobalClusterIdentifier} not found.`);
        const target = gc.members.find((m) => m.arn === params.TargetDbClusterIdentifier);
        if (!target) return sendError(res, 400, "InvalidDBClusterStateFault", `${params.TargetDbClusterIdentifier} is not a secondary cluster of ${gc.id}.`);
        if (target.isWriter) return sendError(res, 400, "InvalidGlobalClusterStateFault", `${target.arn} is already the primary cluster of ${gc.id}.`);
        // AWS refuses a failover with neither AllowDataLoss nor Switchover.
        if (action === "FailoverGlobalCluster" && params.AllowDataLoss !== "true" && params.Switchover !== "true")
          return sendError(res, 400, "InvalidParameterCombination", "Specify either AllowDataLoss or Switchover.");
        const from = gc.members.find((m) => m.isWriter)?.arn ?? "";
        const dataLoss = action === "FailoverGlobalCluster" && params.AllowDataLoss === "true";
        gc.failover = { status: "pending", from, to: target.arn, dataLoss };
        gc.status = dataLoss ? "failing-over" : "switching-over";
        const answer = globalClusterXml(gc, "GlobalCluster");
        // Completes right after answering: the next Describe shows the new writer.
        moveWriter(gc, target.arn);
        gc.failover = null;
        gc.status = "available";
        return send(res, action, answer, n);
      }
      if (action === "DescribeGlobalClusters") {
        const id = params.GlobalClusterIdentifier;
        const list = id ? [state.globalClusters.get(id)].filter((x): x is RdsGlobalCluster => !!x) : [...state.globalClusters.values()];
        if (id && list.length === 0) return sendError(res, 404, "GlobalClusterNotFoundFault", `Global cluster ${id} not found.`);
        return send(res, action, `<GlobalClusters>${list.map((gc) => globalClusterXml(gc, "GlobalClusterMember")).join("")}</GlobalClusters>`, n);
      }
      if (action === "DescribeDBClusterSnapshots" || action === "DescribeDBSnapshots") {
        const cluster = action === "DescribeDBClusterSnapshots";
        const of = cluster ? params.DBClusterIdentifier : params.DBInstanceIdentifier;
        const all = (cluster ? state.clusterSnapshots : state.dbSnapshots).filter((x) => !of || x.of === of);
        // AWS answers an unknown identifier with an empty list for snapshots, not a fault.
        const offset = params.Marker ? Number(params.Marker.replace("m-", "")) : 0;
        const size = Math.min(state.pageSize, Number(params.MaxRecords ?? 100));
        const pageItems = all.slice(offset, offset + size);
        const next = offset + size < all.length ? `m-${offset + size}` : null;
        const item = cluster ? "DBClusterSnapshot" : "DBSnapshot";
        const items = pageItems
          .map((x) => `<${item}>${tag(cluster ? "DBClusterSnapshotIdentifier" : "DBSnapshotIdentifier", x.id)}${tag(cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier", x.of)}${tag("SnapshotCreateTime", x.createdAt)}${tag("Status", x.status)}${tag("SnapshotType", x.type)}${tag("Engine", cluster ? "aurora-postgresql" : "postgres")}</${item}>`)
          .join("");
        return send(res, action, `<${item}s>${items}</${item}s>${tag("Marker", next)}`, n);
      }
      return sendError(res, 400, "InvalidAction", `The action ${action} is not valid for this web service.`);
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as RdsServer;
}
