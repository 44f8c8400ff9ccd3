import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, wrapLogger } from "./log";

// The logger lib/observability/log.ts builds for the console (createLogger is what `log` uses),
// writing into memory so each line can be read back.
function capture(level: "debug" | "info" = "info") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger(stream, level);
  return { log: wrapLogger(() => logger), lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("log", () => {
  it("writes one JSON object per line with level, ts, msg and the fields", () => {
    const c = capture();
    c.log.info("collector started", { jobs: 3 });
    c.log.debug("not at info");
    const [line] = c.lines();
    expect(c.lines()).toHaveLength(1);
    expect(line).toMatchObject({ level: "info", msg: "collector started", jobs: 3 });
    expect(Date.parse(String(line.ts))).not.toBeNaN();
  });

  it("redacts secrets and tokens by field name, at the top and nested", () => {
    const c = capture();
    const secrets = ["mrd_0123456789abcdef", "s3cr3t-client", "wJalrXUtnFEMI/K7MDENG", "Bearer eyJhbGciOi", "postgresql://meridian:hunter2@db/meridian", "https://hooks.slack.com/services/T0/B0/XYZ"];
    c.log.warn("source check failed", {
      token: secrets[0],
      oidc: { clientSecret: secrets[1] },
      source: { credentials: { secretAccessKey: secrets[2] } },
      headers: { authorization: secrets[3] },
      DATABASE_URL: secrets[4],
      webhookUrl: secrets[5],
      tokenId: "t1",
    });
    const [line] = c.lines();
    const text = JSON.stringify(line);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(line).toMatchObject({ token: "[redacted]", oidc: { clientSecret: "[redacted]" }, source: { credentials: { secretAccessKey: "[redacted]" } }, headers: { authorization: "[redacted]" }, DATABASE_URL: "[redacted]", tokenId: "t1" });
  });

  it("child loggers stamp every line with their bindings, and redact as well", () => {
    const c = capture();
    const req = c.log.child({ requestId: "req-42", path: "/api/v1/changes/[id]" });
    req.error("unhandled error", { password: "pw", error: "boom" });
    req.child({ step: "apply" }).info("next");
    const [a, b] = c.lines();
    expect(a).toMatchObject({ level: "error", requestId: "req-42", path: "/api/v1/changes/[id]", password: "[redacted]", error: "boom" });
    expect(b).toMatchObject({ requestId: "req-42", step: "apply", msg: "next" });
  });
});
