import { describe, expect, it } from "vitest";
import { cachedPage, dropCachedPages, PAGE_CACHE_MS, pageCopyShape, toCachedPage, type CachedPage } from "./page-cache";

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
    // Expired: the old copy answers while the new one renders, then the new one.
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS))).toBe("render 1");
    expect(renders).toBe(3);
    await new Promise((r) => setTimeout(r, 0)); // let render 3 finish
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS + 1))).toBe("render 3");
    dropCachedPages();
    expect(text(await cachedPage("v1|viewer|/", render, PAGE_CACHE_MS + 2))).toBe("render 4");
  });

  it("never serve a copy older than twice PAGE_CACHE_MS, nor one of another key", async () => {
    dropCachedPages();
    let renders = 0;
    const render = async () => page(`render ${++renders}`);
    expect(text(await cachedPage("v1|viewer|/", render, 0))).toBe("render 1");
    // Nobody asked for 2 × PAGE_CACHE_MS: the copy is too old to stand in, the caller waits for a new one.
    expect(text(await cachedPage("v1|viewer|/", render, 2 * PAGE_CACHE_MS))).toBe("render 2");
    // A new data version is a new key: the change is never hidden behind the old version's copy.
    expect(text(await cachedPage("v2|viewer|/", render, 2 * PAGE_CACHE_MS + 1))).toBe("render 3");
  });

  it("keep serving the copy it replaces while a slow render runs, within its bound", async () => {
    dropCachedPages();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    let renders = 0;
    const render = async () => {
      if (++renders > 1) await slow;
      return page(`render ${renders}`);
    };
    expect(text(await cachedPage("k", render, 0))).toBe("render 1");
    expect(text(await cachedPage("k", render, PAGE_CACHE_MS))).toBe("render 1");
    expect(text(await cachedPage("k", render, PAGE_CACHE_MS + 500))).toBe("render 1");
    expect(renders).toBe(2);
    // The slow render outlived its own PAGE_CACHE_MS: the old copy is now too old, callers wait for the render.
    const waiting = cachedPage("k", render, 2 * PAGE_CACHE_MS);
    release();
    expect(text(await waiting)).toBe("render 3");
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
    // A body whose cancel never settles (Next's own 307 inside the proxy) must not hold the answer.
    const stuck = new Response(new ReadableStream({ cancel: () => new Promise<void>(() => undefined) }), { status: 307, headers: { location: "/?_rsc=x" } });
    expect(await Promise.race([toCachedPage(stuck), new Promise((r) => setTimeout(() => r("hung"), 200))])).toBeNull();
    const kept = await toCachedPage(new Response("<p>ok</p>", { status: 200, headers: { ...html, "content-length": "9", "x-frame-options": "DENY" } }));
    expect(text(kept)).toBe("<p>ok</p>");
    expect(Object.fromEntries(kept!.headers)).toEqual({ ...html, "x-frame-options": "DENY" });
  });

  it("tell the request shapes apart: one HTML copy whatever the client accepts, an RSC copy per router state", () => {
    const url = (u: string) => new URL(u, "http://127.0.0.1:3000");
    const shape = (u: string, headers: Record<string, string> = {}, method = "GET") => pageCopyShape(method, url(u), new Headers(headers));
    const tree = encodeURIComponent(JSON.stringify(["", { children: ["(dashboard)", { children: ["__PAGE__", {}, null, null, 0] }, null, null, 0] }, null, "refetch", 16]));
    // A browser's document load, curl (*/*) and a script that sends no Accept header get the same HTML.
    const html = shape("/");
    expect(shape("/", { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "sec-fetch-dest": "document" })).toEqual(html);
    expect(shape("/", { accept: "*/*" })).toEqual(html);
    expect(shape("/", { accept: "application/json" })).toEqual(html);
    // A live page's refresh: its own copy, the same for everyone refreshing from the same state.
    const refresh = shape("/?_rsc=abc", { rsc: "1", "next-router-state-tree": tree });
    expect(refresh).not.toEqual(html);
    expect(shape("/?_rsc=abc", { rsc: "1", "next-router-state-tree": tree, accept: "*/*" })).toEqual(refresh);
    // A cache-buster that does not match its headers is Next's to answer (a redirect), never another URL's copy.
    expect(shape("/?_rsc=forged", { rsc: "1", "next-router-state-tree": tree })).not.toEqual(refresh);
    // A navigation from another page, a prefetch and an intercepted route each ask for something else.
    expect(shape("/?_rsc=abc", { rsc: "1", "next-router-state-tree": "other" })).not.toEqual(refresh);
    expect(shape("/?_rsc=abc", { rsc: "1", "next-router-state-tree": tree, "next-router-prefetch": "1" })).not.toEqual(refresh);
    expect(shape("/?_rsc=abc", { rsc: "1", "next-router-state-tree": tree, "next-url": "/regions" })).not.toEqual(refresh);
    // Filters are part of what is shown; only GETs are shared.
    expect(shape("/slos?region=eu-west-1")).not.toEqual(shape("/slos?region=us-east-1"));
    expect(shape("/", {}, "POST")).toBeNull();
    expect(shape("/", {}, "HEAD")).toBeNull();
  });

  it("make room by dropping the oldest copies, never the whole crowd's", async () => {
    dropCachedPages();
    let renders = 0;
    const render = async () => page(`render ${++renders}`);
    await cachedPage("crowd", render, 0);
    for (let i = 0; i < 300; i++) await cachedPage(`odd filter ${i}`, render, 1);
    // The crowd's copy was the oldest: it went first. Asked again, it renders once more, and survives the next burst.
    expect(text(await cachedPage("crowd", render, 2))).toBe(`render ${renders}`);
    const kept = renders;
    for (let i = 0; i < 10; i++) await cachedPage(`another filter ${i}`, render, 3);
    expect(text(await cachedPage("crowd", render, 4))).toBe(`render ${kept}`);
    dropCachedPages();
  });
});
