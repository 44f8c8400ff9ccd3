import { describe, expect, it } from "vitest";
import { conditionalJson } from "./etag";

const get = (etag?: string) => new Request("http://console.test/api/v1/regions", { headers: etag ? { "if-none-match": etag } : {} });

describe("conditional JSON answers", () => {
  it("answer 304 to the current ETag and 200 with a new one after a change", async () => {
    const first = conditionalJson(get(), { regions: ["eu-west-1"] }, 200, {});
    const etag = first.headers.get("etag")!;
    expect(conditionalJson(get(etag), { regions: ["eu-west-1"] }, 200, {}).status).toBe(304);
    const changed = conditionalJson(get(etag), { regions: ["eu-west-1", "us-east-1"] }, 200, {});
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("serialize a shared (frozen) answer once, and never reuse the body of an object that may still change", async () => {
    const shared = Object.freeze({ regions: [{ id: "eu-west-1" }] });
    const a = conditionalJson(get(), shared, 200, {});
    const b = conditionalJson(get(), shared, 200, {});
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    expect(await b.text()).toBe(JSON.stringify(shared));
    // The kept bytes outlive every answer made of them: a third caller after two were read gets them whole.
    expect(await a.text()).toBe(JSON.stringify(shared));
    expect(await conditionalJson(get(), shared, 200, {}).text()).toBe(JSON.stringify(shared));
    const unicode = Object.freeze({ note: "zürich – 東京" });
    conditionalJson(get(), unicode, 200, {});
    expect(await conditionalJson(get(), unicode, 200, {}).json()).toEqual(unicode);

    const mutable = { regions: ["eu-west-1"] };
    const before = conditionalJson(get(), mutable, 200, {}).headers.get("etag");
    mutable.regions.push("us-east-1");
    const after = conditionalJson(get(), mutable, 200, {});
    expect(after.headers.get("etag")).not.toBe(before);
    expect(await after.text()).toBe(JSON.stringify(mutable));
  });
});
