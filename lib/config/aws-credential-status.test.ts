import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStsServer, type StsServer } from "@/tests/support/sts-server";
import { listAwsCredentialStatus } from "./aws-credential-status";
import { configSchema } from "./schema";

let sts: StsServer;
const ROLE = "arn:aws:iam::210987654321:role/failover";

beforeAll(async () => {
  sts = await startStsServer();
  sts.keys.set("AKIAOPS", { arn: "arn:aws:iam::123456789012:user/meridian", userId: "AIDAOPS", account: "123456789012" });
  sts.roles.set(ROLE, { externalId: "ext-1" });
});
afterAll(() => sts.close());

describe("Settings → AWS credentials", () => {
  it("lists every AWS source, the aws source of the failover steps included, with where its credentials come from and whether they work", async () => {
    const config = configSchema.parse({
      version: 1,
      regions: [{ id: "us-east-1", name: "Virginia" }],
      sources: [
        { name: "prom", kind: "prometheus", url: "http://127.0.0.1:9" },
        { name: "eks", kind: "eks", accessKeyId: "env:K", secretAccessKey: "env:S", endpoints: { sts: sts.url } },
        { name: "aws", kind: "aws", accessKeyId: "env:K", secretAccessKey: "env:S", roleArn: ROLE, externalId: "ext-1", endpoints: { sts: sts.url } },
        { name: "aws-dr", kind: "aws", accessKeyId: "env:K", secretAccessKey: "env:S", roleArn: ROLE, externalId: "wrong", endpoints: { sts: sts.url } },
        { name: "cw", kind: "cloudwatch", accessKeyId: "env:CW_K", secretAccessKey: "env:CW_S", endpoints: { sts: sts.url } },
      ],
    });
    const rows = await listAwsCredentialStatus(config, (name) => ({ K: "AKIAOPS", S: "s" })[name]);
    expect(rows.map((r) => r.name)).toEqual(["eks", "aws", "aws-dr", "cw"]);
    expect(rows[0]).toEqual({ name: "eks", kind: "eks", from: "keys from K, S", ok: true, identity: { account: "123456789012", arn: "arn:aws:iam::123456789012:user/meridian" }, problem: null });
    expect(rows[1]).toMatchObject({ kind: "aws", from: `keys from K, S, then the role ${ROLE} (with an external ID)`, ok: true, identity: { account: "210987654321", arn: "arn:aws:sts::210987654321:assumed-role/failover/meridian-aws" } });
    expect(rows[2]).toMatchObject({ ok: false, problem: expect.stringContaining(`assuming role ${ROLE} failed: AccessDenied`) });
    expect(rows[3]).toMatchObject({ ok: false, problem: "CW_K is not set (sources.cw.accessKeyId), CW_S is not set (sources.cw.secretAccessKey)" });
  });
});
