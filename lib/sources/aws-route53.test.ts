import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRoute53Server, type Route53Server } from "@/tests/support/route53-server";
import { AwsActionError } from "./aws-action-error";
import { createRoute53 } from "./aws-route53";

const ZONE = "Z0123456789ABCDEFGHIJ";
let server: Route53Server;
const r53 = () => createRoute53({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, timeoutMs: 2000, maxAttempts: 1 });

beforeAll(async () => {
  server = await startRoute53Server();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.fault = null;
  server.zones.set(ZONE, [
    { name: "api.leaderboard.example.com.", type: "CNAME", setIdentifier: "eu-west-1", weight: 100, ttl: 60, values: ["lb-euw1.elb.amazonaws.com"] },
    { name: "api.leaderboard.example.com.", type: "CNAME", setIdentifier: "us-east-1", weight: 0, ttl: 60, values: ["lb-use1.elb.amazonaws.com"] },
    { name: "www.leaderboard.example.com.", type: "A", ttl: 300, values: ["192.0.2.10"] },
    { name: "zzz.leaderboard.example.com.", type: "A", ttl: 300, values: ["192.0.2.11"] },
  ]);
});

describe("Route 53 through the real SDK client (REST-XML)", () => {
  it("lists the weighted sets of one name, following pagination", async () => {
    const sets = await r53().listRecordSets(`/hostedzone/${ZONE}`, "api.leaderboard.example.com", "CNAME");
    expect(sets.map((s) => [s.setIdentifier, s.weight, s.values[0]])).toEqual([
      ["eu-west-1", 100, "lb-euw1.elb.amazonaws.com"],
      ["us-east-1", 0, "lb-use1.elb.amazonaws.com"],
    ]);
    // The SDK strips the /hostedzone/ prefix and sends Route 53's query names.
    expect(server.requests[0]).toMatchObject({ method: "GET", path: `/2013-04-01/hostedzone/${ZONE}/rrset`, query: { name: "api.leaderboard.example.com", type: "CNAME", maxitems: "100" } });
    expect(String(server.requests[0].headers.authorization)).toMatch(/Credential=AKIDTEST\/\d{8}\/us-east-1\/route53\/aws4_request/);
    // One record per page: the second page starts at the us-east-1 set identifier.
    server.requests.length = 0;
    const paged = await createRoute53({ accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: server.url, maxAttempts: 1, pageSize: 1 }).listRecordSets(ZONE, "api.leaderboard.example.com", "CNAME");
    expect(paged.map((s) => s.setIdentifier)).toEqual(["eu-west-1", "us-east-1"]);
    expect(server.requests[1].query).toMatchObject({ name: "api.leaderboard.example.com.", type: "CNAME", identifier: "us-east-1", maxitems: "1" });
  });

  it("shifts weights in one atomic batch and waits for INSYNC", async () => {
    const client = r53();
    const change = await client.changeRecordSets(
      ZONE,
      [
        { action: "UPSERT", set: { name: "api.leaderboard.example.com", type: "CNAME", setIdentifier: "eu-west-1", weight: 0, ttl: 60, values: ["lb-euw1.elb.amazonaws.com"] } },
        { action: "UPSERT", set: { name: "api.leaderboard.example.com", type: "CNAME", setIdentifier: "us-east-1", weight: 100, ttl: 60, values: ["lb-use1.elb.amazonaws.com"] } },
      ],
      "meridian failover #7",
    );
    expect(change.status).toBe("PENDING");
    expect(change.id).toMatch(/^\/change\/C\d+$/);
    const body = server.requests[0].body;
    expect(server.requests[0]).toMatchObject({ method: "POST", path: `/2013-04-01/hostedzone/${ZONE}/rrset` });
    expect(body).toContain('<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">');
    expect(body).toContain("<Comment>meridian failover #7</Comment>");
    expect(body).toMatch(/<Action>UPSERT<\/Action><ResourceRecordSet><Name>api.leaderboard.example.com<\/Name><Type>CNAME<\/Type><SetIdentifier>us-east-1<\/SetIdentifier><Weight>100<\/Weight><TTL>60<\/TTL><ResourceRecords><ResourceRecord><Value>lb-use1.elb.amazonaws.com<\/Value>/);
    const synced = await client.waitForInsync(change.id, { pollMs: 10, signal: AbortSignal.timeout(2000) });
    expect(synced.status).toBe("INSYNC");
    expect(server.requests.at(-1)?.path).toMatch(/^\/2013-04-01\/change\/C\d+$/);
    const after = await client.listRecordSets(ZONE, "api.leaderboard.example.com.", "CNAME");
    expect(after.map((s) => s.weight)).toEqual([0, 100]);
  });

  it("rejects an invalid batch as a whole, and an unknown zone, as typed errors", async () => {
    const bad = await r53()
      .changeRecordSets(ZONE, [
        { action: "UPSERT", set: { name: "api.leaderboard.example.com", type: "CNAME", setIdentifier: "us-east-1", weight: 100, ttl: 60, values: ["x"] } },
        { action: "DELETE", set: { name: "gone.leaderboard.example.com", type: "A", ttl: 60, values: ["192.0.2.1"] } },
      ])
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AwsActionError);
    expect(bad).toMatchObject({ kind: "bad-request", code: "InvalidChangeBatch" });
    expect((bad as Error).message).toMatch(/Tried to delete resource record set \[name='gone.leaderboard.example.com.', type='A'\] but it was not found/);
    // Nothing was applied.
    expect(server.zones.get(ZONE)?.find((r) => r.setIdentifier === "us-east-1")?.weight).toBe(0);

    const missing = await r53().listRecordSets("ZNOPE", "api.example.com", "A").catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: "not-found", code: "NoSuchHostedZone" });

    server.fault = { status: 400, code: "PriorRequestNotComplete", message: "The request was rejected because Route 53 was still processing a prior request." };
    const busy = await r53()
      .changeRecordSets(ZONE, [{ action: "UPSERT", set: { name: "www.leaderboard.example.com", type: "A", ttl: 60, values: ["192.0.2.12"] } }])
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ kind: "throttled", code: "PriorRequestNotComplete" });
  });
});
