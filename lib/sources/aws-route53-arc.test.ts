import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startArcServer, type ArcControl, type ArcServer } from "@/tests/support/arc-server";
import { AwsActionError } from "./aws-action-error";
import { createRoutingControl } from "./aws-route53-arc";

const EU = "arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/euw1";
const US = "arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/use1";
const controls = new Map<string, ArcControl>();
let a: ArcServer;
let b: ArcServer;

const arc = () =>
  createRoutingControl({
    accessKeyId: "AKIDTEST",
    secretAccessKey: "secret",
    endpoints: [
      { url: a.url, region: "us-west-2" },
      { url: b.url, region: "ap-northeast-1" },
    ],
    timeoutMs: 2000,
  });

beforeAll(async () => {
  // Two endpoints of one cluster: they share the control state.
  a = await startArcServer(controls);
  b = await startArcServer(controls);
});
afterAll(async () => {
  await a.close();
  await b.close();
});
beforeEach(() => {
  controls.set(EU, { name: "leaderboard-euw1", state: "On" });
  controls.set(US, { name: "leaderboard-use1", state: "Off" });
  for (const s of [a, b]) {
    s.requests.length = 0;
    s.mode = "ok";
    s.atLeastOn = null;
  }
});

describe("Route 53 ARC cluster through the real SDK client (JSON 1.0)", () => {
  it("flips routing controls in one call and reads them back", async () => {
    const client = arc();
    const out = await client.updateStates([
      { arn: US, state: "On" },
      { arn: EU, state: "Off" },
    ]);
    expect(out).toEqual({ endpoint: a.url, tried: [] });
    const req = a.requests[0];
    expect(req.target).toBe("ToggleCustomerAPI.UpdateRoutingControlStates");
    expect(req.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(String(req.headers.authorization)).toMatch(/Credential=AKIDTEST\/\d{8}\/us-west-2\/route53-recovery-cluster\/aws4_request/);
    expect(req.body).toEqual({
      UpdateRoutingControlStateEntries: [
        { RoutingControlArn: US, RoutingControlState: "On" },
        { RoutingControlArn: EU, RoutingControlState: "Off" },
      ],
    });
    expect(await client.getState(US)).toEqual({ arn: US, name: "leaderboard-use1", state: "On" });
    expect((await client.getState(EU)).state).toBe("Off");
  });

  it("tries the next cluster endpoint when one is unavailable", async () => {
    a.mode = "down";
    const out = await arc().updateStates([{ arn: US, state: "On" }]);
    expect(out.endpoint).toBe(b.url);
    expect(out.tried[0]).toMatch(/us-west-2: .*EndpointTemporarilyUnavailableException/);
    expect(controls.get(US)?.state).toBe("On");
    // Every endpoint down: one error that lists them.
    b.mode = "down";
    const err = await arc().getState(US).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsActionError);
    expect((err as Error).message).toMatch(/no cluster endpoint answered \(us-west-2: .*; ap-northeast-1: .*\)/);
  });

  it("a safety-rule conflict fails at once (no other endpoint is tried) and changes nothing", async () => {
    a.atLeastOn = { rule: "arn:safety/at-least-one-region", controls: [EU, US], count: 1 };
    const err = await arc()
      .updateStates([{ arn: EU, state: "Off" }])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "conflict", code: "ConflictException" });
    expect((err as Error).message).toMatch(/violate safety rule/);
    expect(b.requests).toHaveLength(0);
    expect(controls.get(EU)?.state).toBe("On");
    // With the rule overridden (break-glass), the same update goes through.
    await arc().updateStates([{ arn: EU, state: "Off" }], { safetyRulesToOverride: ["arn:safety/at-least-one-region"] });
    expect(controls.get(EU)?.state).toBe("Off");
    expect(a.requests.at(-1)?.body.SafetyRulesToOverride).toEqual(["arn:safety/at-least-one-region"]);
  });
});
