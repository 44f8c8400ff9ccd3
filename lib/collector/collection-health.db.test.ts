import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { collectionHealth } from "./scheduler";

// This process runs no collector (tests never start it), as a web process: health is what another process left in SourceStatus.
describe("collection health seen from a process that does not collect", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());

  const attempted = (name: string, secondsAgo: number, intervalSec = 30) =>
    database.db.sourceStatus.upsert({
      where: { name },
      create: { name, kind: "demo", intervalSec, lastAttemptAt: new Date(Date.now() - secondsAgo * 1000) },
      update: { intervalSec, lastAttemptAt: new Date(Date.now() - secondsAgo * 1000) },
    });

  it("is off, by nobody, before anything was ever collected", async () => {
    expect(await collectionHealth()).toMatchObject({ state: "off", by: "nobody", heartbeatAt: null });
  });

  it("is stalled, not alive, when every source was last attempted more than twice its interval ago", async () => {
    await attempted("demo/eu-west-1", 75);
    await attempted("demo/us-east-1", 600);
    const health = await collectionHealth();
    expect(health).toMatchObject({ state: "stalled", by: "another process" });
    expect(Date.parse(health.heartbeatAt!)).toBeGreaterThan(Date.now() - 80_000);
  });

  it("is alive when another process attempted some source within twice its interval", async () => {
    await attempted("demo/us-east-1", 5);
    expect(await collectionHealth()).toMatchObject({ state: "alive", by: "another process" });
  });

  it("judges each source by its own interval (a 5-minute source attempted 4 minutes ago is on time)", async () => {
    await database.db.sourceStatus.deleteMany();
    await attempted("costs/aws", 240, 300);
    expect(await collectionHealth()).toMatchObject({ state: "alive", by: "another process" });
  });
});
