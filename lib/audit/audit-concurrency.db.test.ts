import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { resetEnvForTests } from "@/lib/env";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { appendAuditEvent, recordAuditEvent } from "./append-event";
import { exportAuditCheckpoint } from "./export-checkpoint";
import { verifyAuditChain, type ChainReport } from "./verify-audit-chain";

// Verification while others write: the rows and the head pointer must come from one moment, or a row
// committed between reading them reads as "the newest rows are missing" (issue 32: 4 of 20 calls).
const state = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/current-actor", () => ({ getRequestActor: async () => state.actor, getSessionActor: async () => state.actor }));

const ORIGIN = "http://127.0.0.1:3000";

describe("audit verification under concurrent writes", () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "meridian-audit-race-"));
    database = await startTestDatabase(12);
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("NEXTAUTH_SECRET", "test-secret-test-secret-test");
    vi.stubEnv("NEXTAUTH_URL", ORIGIN);
    vi.stubEnv("MERIDIAN_DATA_DIR", dataDir);
    vi.stubEnv("MERIDIAN_AUDIT_CHECKPOINT_PATH", path.join(dataDir, "checkpoints.jsonl"));
    resetEnvForTests();
    state.actor = { id: "u-admin", username: "admin", displayName: "Admin", role: "admin", via: "session" };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvForTests();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** POST /api/v1/audit/verify, the way Next calls the route handler. */
  async function verifyViaApi(): Promise<ChainReport> {
    const { POST } = await import("@/app/api/v1/audit/verify/route");
    const res = await POST(new Request(`${ORIGIN}/api/v1/audit/verify`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: "{}" }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    return (await res.json()) as ChainReport;
  }

  it("verifies 50 times during continuous writes, rolled-back writes and checkpoint exports, with 0 false results", async () => {
    for (let i = 0; i < 20; i++) await recordAuditEvent({ actor: { id: null, name: "system" }, action: "test.seed", target: { type: "test", id: String(i) } });
    let writing = true;
    let written = 0;
    let rolledBack = 0;
    // Three writers as busy as a viewer hammering a denied route; one in four of their transactions
    // rolls back after appending, as a failed state change does.
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; writing; i++) {
        if (i % 4 === 3) {
          await database.db
            .$transaction(async (tx) => {
              await appendAuditEvent(tx, { actor: { id: null, name: `writer-${w}` }, action: "test.rolled-back", target: { type: "test" } });
              throw new Error("the state change failed");
            })
            .catch(() => rolledBack++);
        } else {
          await recordAuditEvent({ actor: { id: null, name: `writer-${w}` }, action: "access.denied", target: { type: "route", id: "POST /api/v1/collector/refresh" }, outcome: "denied" });
          written++;
        }
      }
    });

    const reports: ChainReport[] = [];
    const exports: string[] = [];
    try {
      for (let i = 0; i < 50; i++) {
        // Small pages stretch each verification over many queries: the window a write can fall into.
        reports.push(i % 5 === 4 ? await verifyViaApi() : await verifyAuditChain({ pageSize: 7 }));
        if (i % 10 === 9) exports.push((await exportAuditCheckpoint()).status);
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }

    const falseAlarms = reports.filter((r) => !r.ok).map((r) => r.problems.map((p) => `${p.kind}: ${p.message}`));
    console.log(`audit race: ${written} writes and ${rolledBack} rolled-back writes during 50 verifications (${new Set(reports.map((r) => r.checked)).size} chain lengths seen), ${falseAlarms.length} false results`);
    expect(falseAlarms, `${falseAlarms.length} of 50 verifications reported tampering`).toEqual([]);
    expect(exports.every((s) => s === "exported" || s === "unchanged")).toBe(true);
    // The writes really ran between the verifications (and inside them): most saw a longer chain than the one before.
    expect(written).toBeGreaterThan(50);
    expect(rolledBack).toBeGreaterThan(10);
    expect(new Set(reports.map((r) => r.checked)).size).toBeGreaterThan(25);
    // After it all the chain is whole, against the last checkpoint, and no verification was audited as a failure.
    expect(await verifyAuditChain()).toMatchObject({ ok: true, problems: [], checkpoint: expect.objectContaining({ seq: expect.any(Number) }) });
    expect(await database.db.auditEvent.count({ where: { action: "audit.verified", outcome: "failure" } })).toBe(0);
  });
});
