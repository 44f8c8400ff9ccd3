import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCloudWatchServer, type CloudWatchServer } from "@/tests/support/cloudwatch-server";

// The registry is the one place that picks the demo fleet or the live sources. On a live
// configuration it must not load the simulated fleet at all: a process of its own builds it and
// reads replication lag through it from a local server speaking CloudWatch's wire format, then
// lists every file it loaded.

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const T0 = Date.parse("2025-06-01T12:00:00Z");
let server: CloudWatchServer;

const liveConfig = () => ({
  version: 1,
  regions: [{ id: "eu-west-1", name: "Ireland" }, { id: "us-east-1", name: "Virginia" }],
  systems: [{ id: "ledger", name: "Ledger", team: "payments", services: [{ id: "ledger", name: "Ledger", team: "payments", regions: { "eu-west-1": "active", "us-east-1": "dormant" } }] }],
  sources: [{ name: "cw", kind: "cloudwatch", endpoint: server.url, accessKeyId: "env:PROBE_AWS_KEY", secretAccessKey: "env:PROBE_AWS_SECRET" }],
  links: [
    {
      id: "ledger-aurora", service: "ledger", from: "eu-west-1", to: "us-east-1", engine: "aurora", unit: "seconds", rpo: "1m", warning: 5, breach: 30,
      source: "cw", cloudwatch: { namespace: "AWS/RDS", metric: "AuroraGlobalDBReplicationLag", dimensions: { DBClusterIdentifier: "ledger-us" }, region: "us-east-1" },
    },
  ],
});

beforeAll(async () => {
  server = await startCloudWatchServer([{ namespace: "AWS/RDS", metric: "AuroraGlobalDBReplicationLag", dimensions: { DBClusterIdentifier: "ledger-us" }, points: [[T0 - 60_000, 1500]] }]);
});
afterAll(() => server?.close());

describe("provider registry", () => {
  it("on a live configuration builds live providers only: lag comes from CloudWatch and no demo module is loaded", async () => {
    const { stdout } = await run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "tests/fixtures/registry-probe.ts"), JSON.stringify(liveConfig()), String(T0)], {
      cwd: root,
      env: { ...process.env, PROBE_AWS_KEY: "AKIDTEST", PROBE_AWS_SECRET: "secret", NODE_OPTIONS: "" },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout.trim().split("\n").at(-1)!) as { mode: string; sample: unknown; modelledBackupAt: unknown; libFiles: number; demoFiles: string[] };
    expect(seen.mode).toBe("live");
    // The lag went over the wire (Aurora reports milliseconds: 1500 ms → 1.5 s).
    expect(seen.sample).toEqual({ t: T0 - 60_000, lag: 1.5, replayed: null });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(seen.modelledBackupAt).toBeNull();
    // The probe really lists the module graph (the registry pulled in dozens of lib/ files)…
    expect(seen.libFiles).toBeGreaterThan(20);
    // …and none of them is the simulated fleet or a demo provider.
    expect(seen.demoFiles).toEqual([]);
  });
});
