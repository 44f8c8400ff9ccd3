import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 29, item 5: dashboard pages stay thin (their parts live in components/<domain>/), and every page
// whose data can fail or take time has its own loading and error state, built from the one shared pair
// in components/shell/.

const root = path.resolve(__dirname, "..");
const dashboard = path.join(root, "app/(dashboard)");
const MAX_LINES = 80;
/** Pages allowed up to 90 lines, each with its reason. None today. */
const LONGER: Record<string, string> = {};
/** Pages that read nothing that can fail or wait, so the dashboard's own error state is enough. */
const READS_NOTHING: Record<string, string> = {
  "failovers/new": "its choices come from the configuration in memory (listRunbookChoices); the form asks the API itself",
};
/** Pages that can answer "not found" with no check above their loading state (a 200 once it streamed). None today. */
const STREAMED_NOT_FOUND: Record<string, string> = {};

function files(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) return files(p, name);
    return entry === name ? [p] : [];
  });
}
const segment = (file: string) => path.relative(dashboard, path.dirname(file)).split(path.sep).filter((s) => !/^\(.+\)$/.test(s)).join("/") || "/";
const pages = files(dashboard, "page.tsx");

describe("dashboard pages", () => {
  it("are found where the routes are", () => {
    expect(pages.length).toBeGreaterThanOrEqual(19);
    for (const s of ["/", "changes/[id]", "slos/[id]", "regions/[id]", "settings", "costs"]) expect(pages.map(segment)).toContain(s);
  });

  it(`are at most ${MAX_LINES} lines (or 90 with a named reason)`, () => {
    const long = pages
      .map((p) => ({ page: segment(p), lines: readFileSync(p, "utf8").trimEnd().split("\n").length }))
      .filter(({ page, lines }) => lines > (LONGER[page] ? 90 : MAX_LINES));
    expect(long).toEqual([]);
    for (const page of Object.keys(LONGER)) expect(pages.map(segment), `LONGER names ${page}, which is not a page`).toContain(page);
  });

  it("have no inline styles: the classes are in app/globals.css", () => {
    expect(pages.filter((p) => /style=\{/.test(readFileSync(p, "utf8"))).map(segment)).toEqual([]);
  });

  it("that read data each have a loading.tsx and an error.tsx beside them, made of the shared parts", () => {
    const missing: string[] = [];
    for (const p of pages) {
      if (READS_NOTHING[segment(p)]) continue;
      for (const [file, part] of [["loading.tsx", "PageLoading"], ["error.tsx", "PageError"]] as const) {
        const f = path.join(path.dirname(p), file);
        if (!existsSync(f)) missing.push(`${segment(p)}: no ${file}`);
        else if (!readFileSync(f, "utf8").includes(`@/components/shell/page-${file === "error.tsx" ? "error" : "loading"}`) || !readFileSync(f, "utf8").includes(part)) missing.push(`${segment(p)}: ${file} does not use ${part}`);
      }
    }
    expect(missing).toEqual([]);
    for (const page of Object.keys(READS_NOTHING)) expect(pages.map(segment)).toContain(page);
  });

  it("keep the dashboard's own error state, with the database-dark wording, for anything else", () => {
    expect(readFileSync(path.join(dashboard, "error.tsx"), "utf8")).toContain("PageError");
    expect(readFileSync(path.join(root, "components/shell/page-error.tsx"), "utf8")).toContain("The console's database has not answered since");
  });

  it("stream only at the leaves: no loading.tsx wraps another segment's page, so a 403 or 404 decided above stays one", () => {
    // A loading state starts the response with 200; a page under it could no longer answer 404 or 403.
    const wrapping = files(dashboard, "loading.tsx").filter((l) => pages.some((p) => path.dirname(p) !== path.dirname(l) && p.startsWith(path.dirname(l) + path.sep)));
    expect(wrapping.map((l) => path.relative(dashboard, l))).toEqual([]);
  });

  it("decide not-found and forbidden above their loading state, in the segment's layout", () => {
    const ungated: string[] = [];
    for (const p of pages) {
      const text = readFileSync(p, "utf8");
      const dir = path.dirname(p);
      if (!existsSync(path.join(dir, "loading.tsx"))) continue;
      const layout = path.join(dir, "layout.tsx");
      const gate = existsSync(layout) ? readFileSync(layout, "utf8") : "";
      if (text.includes("notFound()") && !gate.includes("notFound()") && !STREAMED_NOT_FOUND[segment(p)]) ungated.push(`${segment(p)}: notFound() only after the loading state`);
      const permission = /requirePage\("([^"]+)"/.exec(text)?.[1];
      if (permission && !["dashboard.read", "costs.read", "audit.read", "tokens.manage"].includes(permission) && !gate.includes(`requirePage("${permission}"`)) ungated.push(`${segment(p)}: ${permission} checked only after the loading state`);
    }
    expect(ungated).toEqual([]);
    for (const page of Object.keys(STREAMED_NOT_FOUND)) expect(pages.map(segment)).toContain(page);
  });
});
