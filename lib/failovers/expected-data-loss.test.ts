import { describe, expect, it } from "vitest";
import { getExpectedDataLoss, getPromotedServices } from "./expected-data-loss";
import { runbookConfigSchema } from "@/lib/runbooks/config-schema";

const T1 = "2026-11-29T08:00:00.000Z";
const T2 = "2026-11-29T08:00:05.000Z";
type Row = Parameters<typeof getExpectedDataLoss>[0][number];
const row = (service: string, over: Partial<Row> = {}): Row => ({ service, from: "eu-west-1", to: "us-east-1", links: [], expectedDataLossSec: 0, lastKnownDataLoss: null, lagAsOf: null, ...over });

describe("getExpectedDataLoss", () => {
  it("the worst current lag of the promoted services' links, sampled at the oldest of them", () => {
    const rows = [row("api"), row("db", { links: ["db-link"], expectedDataLossSec: 2.9, lagAsOf: T2 }), row("queue", { links: ["q-link"], expectedDataLossSec: 1, lagAsOf: T1 })];
    expect(getExpectedDataLoss(rows, ["api", "db", "queue"], "eu-west-1", "us-east-1")).toEqual({ seconds: 2.9, asOf: T1, lastKnownSec: null, links: ["db-link", "q-link"] });
    // Only the services asked for, and only that pair.
    expect(getExpectedDataLoss([...rows, row("db", { to: "ap-south-1", expectedDataLossSec: 99 })], ["api"], "eu-west-1", "us-east-1")).toEqual({ seconds: 0, asOf: null, lastKnownSec: null, links: [] });
  });
  it("a dark link: unknown since its last sample, the last-known lag as a floor, never 0", () => {
    const rows = [row("db", { links: ["db-link"], expectedDataLossSec: null, lastKnownDataLoss: { seconds: 3, asOf: T1 }, lagAsOf: T1 })];
    expect(getExpectedDataLoss(rows, ["db"], "eu-west-1", "us-east-1")).toEqual({ seconds: null, asOf: T1, lastKnownSec: 3, links: ["db-link"] });
  });
  it("a stateful service no link measures, or no row at all: unknown, with no time to give", () => {
    expect(getExpectedDataLoss([row("cache", { expectedDataLossSec: null })], ["cache"], "eu-west-1", "us-east-1")).toMatchObject({ seconds: null, asOf: null });
    expect(getExpectedDataLoss([], ["db"], "eu-west-1", "us-east-1").seconds).toBeNull();
  });
});

describe("getPromotedServices", () => {
  const steps = [{ type: "precheck" }, { type: "scale", cluster: { "us-east-1": "c" }, workloads: [{ namespace: "n", name: "w", replicas: 1 }], services: ["cache"] }];
  it("the promote step's services (its runbook's service by default); without one, every service moved", () => {
    const promote = { type: "promote", method: "command", command: { "us-east-1": ["true"] }, services: ["db"] };
    expect(getPromotedServices(runbookConfigSchema.parse({ service: "api", steps: [...steps, promote] }))).toEqual(["db"]);
    expect(getPromotedServices(runbookConfigSchema.parse({ service: "api", steps: [...steps, { ...promote, services: undefined }] }))).toEqual(["api"]);
    expect(getPromotedServices(runbookConfigSchema.parse({ service: "api", steps }))).toEqual(["api", "cache"]);
  });
});
