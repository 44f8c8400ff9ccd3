import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { ACTOR_CACHE_MS, forgetActors, rememberActor, rememberSessionUser } from "./actor-cache";

const actor = (role: Actor["role"]): Actor => ({ id: "u1", username: "ana", displayName: "Ana", role, via: "session" });

describe("the actor cache", () => {
  beforeEach(() => forgetActors());

  it("decodes a session cookie once per few seconds, and again after", async () => {
    let decoded = 0;
    const decode = async () => (decoded++, "u1");
    expect(await rememberSessionUser("cookie-hash", decode, 0)).toBe("u1");
    expect(await rememberSessionUser("cookie-hash", decode, ACTOR_CACHE_MS - 1)).toBe("u1");
    expect(decoded).toBe(1);
    await rememberSessionUser("cookie-hash", decode, ACTOR_CACHE_MS + 1);
    expect(decoded).toBe(2);
    // A different cookie is decoded on its own, and nothing mistakes a session for an actor.
    expect(await rememberSessionUser("other-cookie", async () => null, 1)).toBeNull();
    expect(await rememberActor("cookie-hash", async () => actor("viewer"), 1)).toMatchObject({ role: "viewer" });
  });

  it("keeps only who a session is: a role change shows once the actor expires, however long the session is remembered", async () => {
    await rememberSessionUser("cookie-hash", async () => "u1", 0);
    expect(await rememberActor("user:u1", async () => actor("viewer"), 0)).toMatchObject({ role: "viewer" });
    expect(await rememberActor("user:u1", async () => actor("admin"), ACTOR_CACHE_MS + 1)).toMatchObject({ role: "admin" });
  });

  it("forgets sessions and actors at once when a user, a token or a role changes on this replica", async () => {
    await rememberSessionUser("cookie-hash", async () => "u1", 0);
    await rememberActor("user:u1", async () => actor("viewer"), 0);
    forgetActors();
    expect(await rememberSessionUser("cookie-hash", async () => null, 1)).toBeNull();
    expect(await rememberActor("user:u1", async () => null, 1)).toBeNull();
  });
});
