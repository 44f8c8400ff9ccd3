import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { db } from "@/lib/db/client";
import { ForbiddenError, ValidationError } from "@/lib/http/errors";
import { startTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import type { Actor } from "./actor";
import { getRequestActor } from "./current-actor";
import { createApiToken, revokeApiToken } from "./tokens";

describe("API tokens", () => {
  let database: TestDatabase;
  let operator: Actor;
  beforeAll(async () => {
    database = await startTestDatabase();
    setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
    const user = await db().user.create({ data: { username: "op", displayName: "Op", role: "operator", provider: "demo" } });
    operator = { id: user.id, username: user.username, displayName: user.displayName, role: "operator", via: "session" };
  });
  afterAll(async () => database?.stop());

  it("refuses a scope naming a workspace that is not configured (400), and stores nothing", async () => {
    await expect(createApiToken(operator, { name: "ci", workspace: "no-such-workspace" })).rejects.toBeInstanceOf(ValidationError);
    expect(await db().apiToken.count()).toBe(0);
  });

  it("scopes a token to a configured workspace; the bearer actor carries the scope", async () => {
    const created = await createApiToken(operator, { name: "ci", workspace: "blockchain-eu-west-1", expiresInDays: 1 });
    const actor = await getRequestActor(new Request("http://x/api/v1/me", { headers: { authorization: `Bearer ${created.secret}` } }));
    expect(actor).toMatchObject({ via: "token", tokenWorkspace: "blockchain-eu-west-1", role: "operator" });
  });

  it("lets no token create or revoke tokens, even if a route forgot to refuse it", async () => {
    const asToken: Actor = { ...operator, via: "token", tokenId: "t", tokenWorkspace: null };
    await expect(createApiToken(asToken, { name: "escalate" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeApiToken(asToken, "anything")).rejects.toBeInstanceOf(ForbiddenError);
  });
});
