import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startCloudWatchServer, type CloudWatchServer } from "@/tests/support/cloudwatch-server";
import { startCostExplorerServer, type CostExplorerServer } from "@/tests/support/cost-explorer-server";
import { startEksServer, type EksServer } from "@/tests/support/eks-server";
import { startRdsServer, type RdsServer } from "@/tests/support/rds-server";
import { signingKeyId, startStsServer, type StsServer } from "@/tests/support/sts-server";
import { AwsActionError } from "./aws-action-error";
import { createCloudWatch } from "./aws-cloudwatch";
import { createCostExplorer, getCostExplorerOptions } from "./aws-cost-explorer";
import { AwsCredentialsError, checkAwsCredentials, describeAwsCredentials, getAwsCredentials, type AwsCredentialSource } from "./aws-credentials";
import { createEks } from "./aws-eks";
import { createRds } from "./aws-rds";

// The real SDK (credential providers, STS client, service clients) against local servers: STS
// hands out temporary keys, and the next service call must be signed with them.

const ROLE = "arn:aws:iam::210987654321:role/meridian-read";
const BASE = { AccessKeyId: "AKIABASE0000000000001", Secret: "base-secret" };
let sts: StsServer;
let rds: RdsServer;

const env: Record<string, string> = {};
const resolve = (name: string) => env[name];

function source(extra: Partial<AwsCredentialSource> = {}): AwsCredentialSource {
  return { name: "src", accessKeyId: "env:SRC_KEY", secretAccessKey: "env:SRC_SECRET", endpoints: { sts: sts.url }, ...extra };
}

beforeAll(async () => {
  [sts, rds] = await Promise.all([startStsServer(), startRdsServer()]);
});
afterAll(async () => Promise.all([sts.close(), rds.close()]));
beforeEach(() => {
  for (const k of Object.keys(env)) delete env[k];
  Object.assign(env, { SRC_KEY: BASE.AccessKeyId, SRC_SECRET: BASE.Secret });
  sts.requests.length = 0;
  sts.faults.length = 0;
  sts.keys.clear();
  sts.roles.clear();
  sts.keys.set(BASE.AccessKeyId, { arn: "arn:aws:iam::123456789012:user/meridian", userId: "AIDABASE", account: "123456789012" });
  sts.roles.set(ROLE, { externalId: "meridian-ext-1" });
  rds.requests.length = 0;
  rds.globalClusters.set("g", { id: "g", status: "available", failover: null, members: [] });
});
afterEach(() => vi.unstubAllEnvs());

describe("keys named by env: references", () => {
  it("signs with the keys and sends the session token; the check says who AWS sees", async () => {
    sts.keys.set("ASIASESSION000000001", { arn: "arn:aws:sts::123456789012:assumed-role/ops/alice", userId: "AROAOPS:alice", account: "123456789012", sessionToken: "tok-abc" });
    Object.assign(env, { SRC_KEY: "ASIASESSION000000001", SRC_SESSION: "tok-abc" });
    const check = await checkAwsCredentials(source({ sessionToken: "env:SRC_SESSION" }), { resolve, maxAttempts: 1 });
    expect(check).toEqual({ ok: true, account: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/ops/alice", userId: "AROAOPS:alice" });
    expect(sts.requests[0]).toMatchObject({ action: "GetCallerIdentity", accessKeyId: "ASIASESSION000000001", sessionToken: "tok-abc" });
  });

  it("an unset variable is named with where it is configured, before anything is called", async () => {
    delete env.SRC_SECRET;
    const err = (() => {
      try {
        getAwsCredentials(source({ sessionToken: "env:SRC_SESSION" }), { resolve });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AwsCredentialsError);
    expect((err as AwsCredentialsError).missing).toEqual(["SRC_SECRET (sources.src.secretAccessKey)", "SRC_SESSION (sources.src.sessionToken)"]);
    expect((err as Error).message).toBe("SRC_SECRET is not set (sources.src.secretAccessKey), SRC_SESSION is not set (sources.src.sessionToken)");
    expect(await checkAwsCredentials(source({ sessionToken: "env:SRC_SESSION" }), { resolve })).toMatchObject({ ok: false, missing: ["SRC_SECRET (sources.src.secretAccessKey)", "SRC_SESSION (sources.src.sessionToken)"] });
    expect(sts.requests).toHaveLength(0);
  });

  it("keys AWS does not know: the check says STS refused them", async () => {
    env.SRC_KEY = "AKIAUNKNOWN000000000";
    expect(await checkAwsCredentials(source(), { resolve, maxAttempts: 1 })).toEqual({
      ok: false,
      missing: [],
      message: "STS GetCallerIdentity refused them: InvalidClientTokenId: The security token included in the request is invalid.",
    });
  });
});

describe("assuming a role per source", () => {
  it("AssumeRole with the base keys, then the next call signs with the temporary keys and token", async () => {
    const credentials = getAwsCredentials(source({ name: "aws-prod", roleArn: ROLE, externalId: "meridian-ext-1" }), { resolve, region: "us-east-1", maxAttempts: 1 });
    const client = createRds({ credentials, region: "us-east-1", endpoint: rds.url, maxAttempts: 1, timeoutMs: 2000 });
    await client.describeGlobalCluster("g");
    await client.describeGlobalCluster("g");

    expect(sts.requests).toHaveLength(1); // the session is reused until it nears expiry
    expect(sts.requests[0]).toMatchObject({ action: "AssumeRole", accessKeyId: BASE.AccessKeyId, sessionToken: null });
    expect(sts.requests[0].params).toMatchObject({ RoleArn: ROLE, ExternalId: "meridian-ext-1", RoleSessionName: "meridian-aws-prod" });
    const temp = sts.issued[0];
    for (const r of rds.requests) {
      expect(signingKeyId(r.headers)).toBe(temp.accessKeyId);
      expect(r.headers["x-amz-security-token"]).toBe(temp.sessionToken);
    }
    const check = await checkAwsCredentials(source({ name: "aws-prod", roleArn: ROLE, externalId: "meridian-ext-1" }), { resolve, region: "us-east-1", maxAttempts: 1 });
    expect(check).toMatchObject({ ok: true, account: "210987654321", arn: "arn:aws:sts::210987654321:assumed-role/meridian-read/meridian-aws-prod" });
    client.destroy();
  });

  it("a refused AssumeRole names the role, in the check and in the failing call", async () => {
    const src = source({ name: "aws-other", roleArn: ROLE, externalId: "wrong" });
    const check = await checkAwsCredentials(src, { resolve, maxAttempts: 1 });
    expect(check).toMatchObject({ ok: false, message: expect.stringContaining(`assuming role ${ROLE} failed: AccessDenied: User: arn:aws:iam::123456789012:user/meridian is not authorized to perform: sts:AssumeRole`) });

    const client = createRds({ credentials: getAwsCredentials(src, { resolve, maxAttempts: 1 }), region: "us-east-1", endpoint: rds.url, maxAttempts: 1, timeoutMs: 2000 });
    const err = await client.describeGlobalCluster("g").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsActionError);
    expect(err).toMatchObject({ kind: "auth" });
    expect((err as Error).message).toContain(`assuming role ${ROLE} failed: AccessDenied`);
    expect(rds.requests).toHaveLength(0);
    client.destroy();
  });
});

describe("the default provider chain when no keys are given", () => {
  beforeEach(() => {
    // Nothing on this machine may leak in: no profile files, no instance metadata.
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("AWS_ROLE_ARN", "");
    vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
  });

  it("reads the standard environment variables (with a session token) and can assume a role from them", async () => {
    sts.keys.set("ASIAENV0000000000001", { arn: "arn:aws:sts::123456789012:assumed-role/ci/runner", userId: "AROACI:runner", account: "123456789012", sessionToken: "env-token" });
    vi.stubEnv("AWS_ACCESS_KEY_ID", "ASIAENV0000000000001");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
    vi.stubEnv("AWS_SESSION_TOKEN", "env-token");
    const chain = { name: "chain", endpoints: { sts: sts.url } };
    expect(describeAwsCredentials(chain)).toMatch(/^the default credential chain/);
    expect(await checkAwsCredentials(chain, { maxAttempts: 1 })).toMatchObject({ ok: true, arn: "arn:aws:sts::123456789012:assumed-role/ci/runner" });
    expect(sts.requests[0]).toMatchObject({ accessKeyId: "ASIAENV0000000000001", sessionToken: "env-token" });

    const withRole = { ...chain, name: "chain-role", roleArn: ROLE, externalId: "meridian-ext-1" };
    expect(describeAwsCredentials(withRole)).toMatch(/then the role arn:aws:iam::210987654321:role\/meridian-read \(with an external ID\)$/);
    expect(await checkAwsCredentials(withRole, { maxAttempts: 1 })).toMatchObject({ ok: true, account: "210987654321" });
    expect(sts.requests.find((r) => r.action === "AssumeRole")).toMatchObject({ accessKeyId: "ASIAENV0000000000001", sessionToken: "env-token" });
  });

  it("nothing anywhere: the check says the default chain found no credentials", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    const check = await checkAwsCredentials({ name: "nothing", endpoints: { sts: sts.url } }, { maxAttempts: 1, timeoutMs: 5000 });
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/^no AWS credentials from the default credential chain \(environment, shared config\/SSO profile, web identity, container or instance role\): /) });
    expect(sts.requests).toHaveLength(0);
  });
});

describe("every AWS source kind signs with the same credentials", () => {
  let eks: EksServer;
  let cw: CloudWatchServer;
  let ce: CostExplorerServer;
  beforeAll(async () => {
    [eks, cw, ce] = await Promise.all([startEksServer([]), startCloudWatchServer([]), startCostExplorerServer({ GetCostAndUsage: () => ({ body: { ResultsByTime: [] } }) })]);
  });
  afterAll(async () => Promise.all([eks.close(), cw.close(), ce.close()]));

  it("eks, cloudwatch and cost-explorer clients use the assumed role's temporary keys", async () => {
    const src = source({ name: "all-kinds", roleArn: ROLE, externalId: "meridian-ext-1" });
    const credentials = getAwsCredentials(src, { resolve, maxAttempts: 1 });
    const e = createEks({ credentials, region: "us-east-1", endpoint: eks.url, maxAttempts: 1 });
    await e.listClusterNames();
    const c = createCloudWatch({ credentials, region: "us-east-1", endpoint: cw.url, maxAttempts: 1 });
    await c.getMetricSeries({ namespace: "AWS/RDS", metric: "ReplicaLag", dimensions: {}, periodSec: 60 }, { start: 0, end: 60_000 });
    const x = createCostExplorer({ ...getCostExplorerOptions({ ...src, kind: "cost-explorer", interval: 0, timeout: 5000, endpoint: ce.url }, resolve), maxRetries: 0 });
    await x.getCostAndUsage({ from: "2025-01-01", to: "2025-02-01", granularity: "MONTHLY", metric: "UnblendedCost", groupBy: [] });
    const keys = [eks.requests[0].headers, cw.requests[0].headers, ce.requests[0].headers].map(signingKeyId);
    const issued = sts.issued.map((i) => i.accessKeyId);
    for (const k of keys) expect(issued).toContain(k);
    e.destroy();
    c.destroy();
    x.close();
  });
});
