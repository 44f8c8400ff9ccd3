import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfigFile, setConfigForProcess } from "@/lib/config/store";
import { resetEnvForTests } from "@/lib/env";
import { getAuthOptions } from "./options";

// Only the parts of the next-auth options this file owns: the redirect callback and cookie security.
function optionsWith(nextauthUrl: string | undefined) {
  process.env.DATABASE_URL = "postgresql://unused@127.0.0.1:1/unused";
  process.env.NEXTAUTH_SECRET = "test-secret-test-secret";
  if (nextauthUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = nextauthUrl;
  resetEnvForTests();
  setConfigForProcess(loadConfigFile(path.resolve("config/demo.yaml")));
  return getAuthOptions();
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("next-auth options", () => {
  it("uses Secure cookies when NEXTAUTH_URL is https, and not on plain http", () => {
    expect(optionsWith("https://console.example").useSecureCookies).toBe(true);
    expect(optionsWith("http://localhost:3000").useSecureCookies).toBe(false);
    expect(optionsWith(undefined).useSecureCookies).toBe(false);
  });

  it("redirects after sign-in only within the console's origin", async () => {
    const redirect = optionsWith("https://console.example").callbacks!.redirect!;
    const baseUrl = "https://console.example";
    expect(await redirect({ url: "/\\evil.example", baseUrl })).toBe("https://console.example/");
    expect(await redirect({ url: "//evil.example", baseUrl })).toBe("https://console.example/");
    expect(await redirect({ url: "https://evil.example/x", baseUrl })).toBe("https://console.example/");
    expect(await redirect({ url: "/changes?x=1", baseUrl })).toBe("https://console.example/changes?x=1");
    expect(await redirect({ url: "https://console.example/audit", baseUrl })).toBe("https://console.example/audit");
  });
});
