import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { callbackCookieProblem, safeCallbackRequest } from "./safe-callback-request";

const ORIGIN = "https://console.example";
const saved = { ...process.env };
beforeAll(() => {
  process.env.DATABASE_URL = "postgresql://unused@127.0.0.1:1/unused";
  process.env.NEXTAUTH_SECRET = "test-secret-test-secret";
  process.env.NEXTAUTH_URL = ORIGIN;
  resetEnvForTests();
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

const get = (query: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) => new NextRequest(`${ORIGIN}/api/auth/signin${query}`, init);

describe("the callbackUrl next-auth gets", () => {
  it("is the safe path: javascript: becomes /, a non-Latin-1 path is percent-encoded (both were 500s)", async () => {
    expect((await safeCallbackRequest(get("?callbackUrl=javascript%3Aalert(1)"))).nextUrl.searchParams.get("callbackUrl")).toBe("/");
    expect((await safeCallbackRequest(get("?callbackUrl=%2F%E2%88%95%E2%88%95evil.example"))).nextUrl.searchParams.get("callbackUrl")).toBe("/%E2%88%95%E2%88%95evil.example");
    expect((await safeCallbackRequest(get("?callbackUrl=https%3A%2F%2Fevil.example%2F"))).nextUrl.searchParams.get("callbackUrl")).toBe("/");
  });

  it("leaves a request with a safe callbackUrl, or none, as it is", async () => {
    const plain = get("?callbackUrl=%2Fchanges%3Fstate%3Dproposed");
    expect(await safeCallbackRequest(plain)).toBe(plain);
    const none = get("");
    expect(await safeCallbackRequest(none)).toBe(none);
  });

  it("keeps the method, headers and form body of a POST it rewrites", async () => {
    const req = get("/demo?callbackUrl=javascript%3Aalert(1)", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: "a=b" }, body: "username=admin&password=demo" });
    const safe = await safeCallbackRequest(req);
    expect(safe.method).toBe("POST");
    expect(safe.headers.get("cookie")).toBe("a=b");
    expect(await safe.text()).toBe("username=admin&password=demo");
    expect(safe.nextUrl.searchParams.get("callbackUrl")).toBe("/");
  });
});

describe("the callback-url cookie", () => {
  it("is cleared with a 400 problem when next-auth would refuse it with a 500", async () => {
    for (const name of ["next-auth.callback-url", "__Secure-next-auth.callback-url"]) {
      const res = callbackCookieProblem(get("", { headers: { cookie: `${name}=javascript%3Aalert(1)` } }));
      expect(res?.status).toBe(400);
      expect(res?.headers.get("content-type")).toBe("application/problem+json");
      expect(res?.headers.get("set-cookie")).toContain(`${name}=; Path=/; Max-Age=0`);
    }
  });

  it("passes the values next-auth itself stores", () => {
    expect(callbackCookieProblem(get("", { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(`${ORIGIN}/changes`)}` } }))).toBeNull();
    expect(callbackCookieProblem(get("", { headers: { cookie: "next-auth.callback-url=%2Faudit" } }))).toBeNull();
    expect(callbackCookieProblem(get(""))).toBeNull();
  });
});
