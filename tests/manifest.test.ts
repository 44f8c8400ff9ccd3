import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import manifest from "@/app/manifest";
import { metadata } from "@/app/layout";

// The web app manifest and the root layout point at icons that exist in public/, at the sizes they claim.
const root = path.resolve(__dirname, "..");
const file = (url: string) => readFileSync(path.join(root, "public", url));

function pngSize(png: Buffer): string {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

describe("web app manifest", () => {
  it("names the console and lists 192 and 512 PNG icons, one of them maskable", () => {
    const m = manifest();
    expect(m).toMatchObject({ name: "Meridian", start_url: "/", display: "standalone" });
    for (const icon of m.icons ?? []) expect(pngSize(file(icon.src))).toBe(icon.sizes);
    expect(m.icons?.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(m.icons?.some((i) => i.purpose === "maskable")).toBe(true);
  });

  it("the root layout's icons exist", () => {
    const icons = metadata.icons as { icon: Array<{ url: string; sizes?: string }>; apple: string };
    for (const icon of icons.icon) {
      const body = file(icon.url);
      if (icon.url.endsWith(".png")) expect(pngSize(body)).toBe(icon.sizes);
      else expect(body.toString("utf8")).toContain("<svg");
    }
    expect(pngSize(file(icons.apple))).toBe("180x180");
  });
});
