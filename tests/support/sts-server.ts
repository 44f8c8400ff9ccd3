import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A local stand-in for AWS STS in the wire format the installed SDK speaks: awsQuery — POST / with a
// form body (Action=AssumeRole|GetCallerIdentity&Version=2011-06-15&…), XML answers
// <{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata/></{Action}Response>,
// errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
// It knows which access keys exist (and which session token goes with a temporary one), which
// roles may be assumed with which external ID, and hands out temporary keys it then accepts.

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export type StsKey = { arn: string; userId: string; account: string; sessionToken?: string };
export type StsRole = { externalId?: string };
export type StsRecorded = { action: string; params: Record<string, string>; accessKeyId: string | null; sessionToken: string | null; headers: IncomingHttpHeaders };
export type StsFault = { action: string; status: number; code: string; message: string };

export type StsServer = {
  url: string;
  requests: StsRecorded[];
  /** Access key id → who it is. Temporary keys from AssumeRole are added here. */
  keys: Map<string, StsKey>;
  /** Role ARN → what its trust policy asks for. */
  roles: Map<string, StsRole>;
  /** The temporary keys handed out, in order. */
  issued: Array<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; roleArn: string; sessionName: string }>;
  faults: StsFault[];
  close(): Promise<void>;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The access key id a SigV4 request was signed with: "Credential=AKID/date/region/service/aws4_request". */
export function signingKeyId(headers: IncomingHttpHeaders): string | null {
  return /Credential=([^/]+)\//.exec(String(headers.authorization ?? ""))?.[1] ?? null;
}

function send(res: ServerResponse, action: string, body: string, n: number) {
  res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": `req-${n}` });
  res.end(`<${action}Response xmlns="${NS}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata></${action}Response>`);
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": "req-err" });
  res.end(`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`);
}

export async function startStsServer(): Promise<StsServer> {
  const state: Omit<StsServer, "url" | "close"> = { requests: [], keys: new Map(), roles: new Map(), issued: [], faults: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")).entries());
      const action = params.Action ?? "";
      const accessKeyId = signingKeyId(req.headers);
      const token = req.headers["x-amz-security-token"];
      const sessionToken = typeof token === "string" ? token : null;
      state.requests.push({ action, params, accessKeyId, sessionToken, headers: req.headers });
      const n = state.requests.length;
      if (req.method !== "POST" || req.url !== "/" || params.Version !== "2011-06-15") return sendError(res, 400, "InvalidAction", `unsupported ${req.method} ${req.url} v${params.Version}`);
      const fault = state.faults.findIndex((f) => f.action === action);
      if (fault >= 0) {
        const f = state.faults.splice(fault, 1)[0];
        return sendError(res, f.status, f.code, f.message);
      }
      // What AWS answers for an unknown key, or a temporary key without (or with the wrong) session token.
      const caller = accessKeyId ? state.keys.get(accessKeyId) : undefined;
      if (!caller || (caller.sessionToken ?? null) !== sessionToken) return sendError(res, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
      if (action === "GetCallerIdentity") return send(res, action, `<Arn>${esc(caller.arn)}</Arn><UserId>${esc(caller.userId)}</UserId><Account>${caller.account}</Account>`, n);
      if (action === "AssumeRole") {
        const roleArn = params.RoleArn ?? "";
        const role = state.roles.get(roleArn);
        if (!role || role.externalId !== params.ExternalId)
          return sendError(res, 403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
        const i = state.issued.length + 1;
        const issued = { accessKeyId: `ASIATEMP${String(i).padStart(12, "0")}`, secretAccessKey: `temp-secret-${i}`, sessionToken: `temp-token-${i}`, roleArn, sessionName: params.RoleSessionName ?? "" };
        state.issued.push(issued);
        const account = roleArn.split(":")[4];
        const roleName = roleArn.split("/").pop();
        const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${issued.sessionName}`;
        state.keys.set(issued.accessKeyId, { arn, userId: `AROATEST:${issued.sessionName}`, account, sessionToken: issued.sessionToken });
        const expiration = new Date(Date.now() + 3_600_000).toISOString();
        return send(
          res,
          action,
          `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey><SessionToken>${issued.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `<AssumedRoleUser><AssumedRoleId>AROATEST:${esc(issued.sessionName)}</AssumedRoleId><Arn>${esc(arn)}</Arn></AssumedRoleUser>`,
          n,
        );
      }
      return sendError(res, 400, "InvalidAction", `The action ${action} is not valid for this web service.`);
    });
  });
  return Object.assign(state, await listenOnLoopback(server)) as StsServer;
}
