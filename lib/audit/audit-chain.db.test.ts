import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { appendAuditEvent, recordAuditEvent } from "./append-event";
import { verifyAuditChain } from "./verify-audit-chain";

describe("audit chain", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => database?.stop());

  it("chains concurrent appends without forking", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.event", target: { type: "test", id: String(i) }, details: { i } })),
    );
    const report = await verifyAuditChain();
    expect(report).toMatchObject({ ok: true, checked: 12 });
  });

  it("rolls the event back with the state change it belongs to", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await appendAuditEvent(tx, { actor: { id: null, name: "system" }, action: "test.rolled-back", target: { type: "test" } });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await database.db.auditEvent.count({ where: { action: "test.rolled-back" } })).toBe(0);
  });

  it("refuses a Date in details before it reaches the chain, which stays intact", async () => {
    const before = await database.db.auditEvent.count();
    const details = { at: new Date() } as unknown as Record<string, string>; // what a cast or plain JS could pass
    await expect(recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.date", target: { type: "test" }, details })).rejects.toThrow("details.at: a Date is not a JSON value");
    expect(await database.db.auditEvent.count()).toBe(before);
    await recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.date", target: { type: "test" }, details: { at: new Date(0).toISOString() } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: before + 1 });
  });

  it("detects an edited row", async () => {
    await database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorName" = 'mallory' WHERE seq = 3`);
    const report = await verifyAuditChain();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ seq: 3, kind: "edited" }));
  });

  it("detects a deleted row, including the newest one", async () => {
    await database.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 13`);
    const report = await verifyAuditChain();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: "missing", seq: 13 }));
    await database.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 6`);
    const again = await verifyAuditChain();
    expect(again.problems).toContainEqual(expect.objectContaining({ kind: "missing", seq: 7 }));
  });
});
