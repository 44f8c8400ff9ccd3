import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

const ORIGIN = "https://console.example";

describe("callbackUrl sanitizer", () => {
  const hostile: unknown[] = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/path\\..\\..\\evil",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000/evil.example",
    "/\u007f",
    "https://evil.example/",
    "http://console.example/", // other scheme: another origin
    "https://console.example.evil.example/",
    "https://user:pass@console.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
    " /changes",
    "/" + "a".repeat(3000),
    ["/changes", "//evil.example"],
    undefined,
    null,
    42,
  ];
  for (const value of hostile) {
    it(`refuses ${JSON.stringify(value)?.slice(0, 60)}`, () => {
      expect(safeCallbackPath(value, ORIGIN)).toBe("/");
    });
  }

  it("keeps same-origin paths, with query and fragment", () => {
    expect(safeCallbackPath("/changes/abc?filter=create#r1", ORIGIN)).toBe("/changes/abc?filter=create#r1");
    expect(safeCallbackPath("/", ORIGIN)).toBe("/");
    expect(safeCallbackPath("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
  });

  it("reduces an absolute URL on our own origin to its path", () => {
    expect(safeCallbackPath("https://console.example/audit?x=1", ORIGIN)).toBe("/audit?x=1");
    expect(safeCallbackPath("https://console.example", ORIGIN)).toBe("/");
    expect(safeCallbackPath("https://console.example/x")).toBe("/"); // no origin known: paths only
  });
});
