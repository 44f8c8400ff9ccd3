import fc from "fast-check";
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
    "javascript%3Aalert(1)",
    "/.//evil.example", // normalises to "//evil.example"
    "/a/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2E/%2E%2E//evil.example",
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

  it("percent-encodes what it keeps: a Location header takes no character beyond Latin-1", () => {
    // U+2215 DIVISION SLASH: kept as a character of the path, never a slash (issue 32: a 500 before).
    expect(safeCallbackPath("/\u2215\u2215evil.example", ORIGIN)).toBe("/%E2%88%95%E2%88%95evil.example");
    expect(safeCallbackPath("/%E2%88%95%E2%88%95evil.example", ORIGIN)).toBe("/%E2%88%95%E2%88%95evil.example");
    expect(safeCallbackPath("/slos?q=日本 語#ü", ORIGIN)).toBe("/slos?q=%E6%97%A5%E6%9C%AC%20%E8%AA%9E#%C3%BC");
    expect(safeCallbackPath("https://console.example/\u2215x", ORIGIN)).toBe("/%E2%88%95x");
    expect(() => new Headers({ location: safeCallbackPath("/\u2215\u2215evil.example", ORIGIN) })).not.toThrow();
  });

  it("whatever it is given, answers a same-origin path a Location header can carry", () => {
    const probe = "http://callback.invalid";
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }).map((s) => `/${s}`),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.tuple(fc.constantFrom("/", "//", "/./", "/../", "/%2e%2e/", "\\", "https://console.example/", "https://evil.example/"), fc.string({ unit: "binary", maxLength: 20 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(value, (v) => {
        const out = safeCallbackPath(v, ORIGIN);
        expect(out).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
        expect(new URL(out, probe).origin).toBe(probe);
        expect(() => new Headers({ location: `${ORIGIN}${out}` })).not.toThrow();
      }),
      { numRuns: 2000, seed: 32 },
    );
  });

  it("reduces an absolute URL on our own origin to its path", () => {
    expect(safeCallbackPath("https://console.example/audit?x=1", ORIGIN)).toBe("/audit?x=1");
    expect(safeCallbackPath("https://console.example", ORIGIN)).toBe("/");
    expect(safeCallbackPath("https://console.example/x")).toBe("/"); // no origin known: paths only
  });
});
