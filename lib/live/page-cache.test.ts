import { describe, expect, it } from "vitest";
import { cachedPage, dropCachedPages, PAGE_CACHE_MS, toCachedPage, type CachedPage } from "./page-cache";

const page = (text: string): CachedPage => ({ status: 200, headers: [["content-type", "text/html"]], body: new TextEncoder().encode(text) });
const text = (p: CachedPage | null) => (p ? new TextDecoder().decode(p.body) : null);

describe("shared copies of a page", () => {
  it("render once for a crowd arriving together, again after PAGE_CACHE_MS, and apart per key", async () => {
    dropCachedPages();
    let renders = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const render = async () => {
      renders++;
      await gate;
      return page(`render ${renders}`);
    };
    const crowd = Array.from({ length: 50 }, () => cachedPage("v1|viewer|/", render, 0));
    release();
    expect(new Set((await Promise.all(crowd)).map(text))).toEqual(new Set(["render 1"]));
    expect(renders).toBe(1);
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS - 1))).toBe("render 1");
    expect(text(await cachedPage("v1|commander|/", render, 1))).toBe("render 2");
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS))).toBe("render 3");
    dropCachedPages();
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS + 1))).toBe("render 4");
  });

  it("keep nothing from a render that failed or may not be shared", async () => {
    dropCachedPages();
    await expect(cachedPage("k", async () => Promise.reject(new Error("render failed")), 0)).rejects.toThrow("render failed");
    expect(await cachedPage("k", async () => null, 1)).toBeNull();
    expect(text(await cachedPage("k", async () => page("fresh"), 2))).toBe("fresh");
  });

  it("share only a 200 page that sets no cookie, without its hop-by-hop headers", async () => {
    const html = { "content-type": "text/html; charset=utf-8" };
    expect(await toCachedPage(new Response("moved", { status: 307, headers: { ...html, location: "/sign-in" } }))).toBeNull();
    expect(await toCachedPage(new Response("<p>", { status: 200, headers: { ...html, "set-cookie": "a=b" } }))).toBeNull();
    expect(await toCachedPage(new Response("{}", { status: 200, headers: { "content-type": "application/json" } }))).toBeNull();
    const kept = await toCachedPage(new Response("<p>ok</p>", { status: 200, headers: { ...html, "content-length": "9", "x-frame-options": "DENY" } }));
    expect(text(kept)).toBe("<p>ok</p>");
    expect(Object.fromEntries(kept!.headers)).toEqual({ ...html, "x-frame-options": "DENY" });
  });
});
