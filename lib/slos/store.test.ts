import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { getSloFileState, reloadSloFileNow, setSloDefinitionsForProcess } from "./store";

const dir = mkdtempSync(path.join(tmpdir(), "meridian-slos-"));
const file = path.join(dir, "slos.yaml");

const good = (objective: number, service = "api") => `version: prometheus/v1
window: 28d
services:
  - service: ${service}
    regions: [eu-west-1]
    slos:
      - name: availability
        objective: ${objective}
        sli:
          events:
            error_query: sum(rate(errors_total[{{.window}}]))
            total_query: sum(rate(requests_total[{{.window}}]))
`;

function useConfig() {
  setConfigForProcess(
    configSchema.parse({
      version: 1,
      regions: [{ id: "eu-west-1", name: "Ireland" }],
      sources: [{ name: "prom", kind: "prometheus", url: "http://127.0.0.1:9" }],
      systems: [{ id: "web", name: "Web", team: "web", services: [{ id: "api", name: "API", team: "web", regions: { "eu-west-1": "active" } }] }],
      slos: { file },
    }),
  );
  setSloDefinitionsForProcess(null);
}

async function waitFor(check: () => boolean, ms = 8000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return check();
}

describe("SLO definitions store", () => {
  afterAll(() => setSloDefinitionsForProcess(null));

  it("loads the file named by the configuration", () => {
    writeFileSync(file, good(99.9));
    useConfig();
    const state = getSloFileState();
    expect(state).toMatchObject({ file, rejected: null, warnings: [] });
    expect(state.definitions.map((d) => [d.id, d.objective])).toEqual([["api.availability.eu-west-1", 99.9]]);
  });

  it("refuses an invalid edit with file, line and field, and keeps the last good definitions", () => {
    writeFileSync(file, good(100));
    const state = reloadSloFileNow();
    expect(state.rejected?.issues).toEqual([{ file, line: 8, field: "services.0.slos.0.objective", message: expect.stringMatching(/below 100/) }]);
    expect(state.definitions.map((d) => d.objective)).toEqual([99.9]);
  });

  it("warns, without refusing, about a service the configuration does not know", () => {
    writeFileSync(file, good(99.5, "block-explorer"));
    const state = reloadSloFileNow();
    expect(state.rejected).toBeNull();
    expect(state.definitions.map((d) => d.id)).toEqual(["block-explorer.availability.eu-west-1"]);
    expect(state.warnings).toEqual([expect.objectContaining({ field: "services.block-explorer", message: 'unknown service "block-explorer"' })]);
  });

  it("picks up a change of the file by itself", async () => {
    writeFileSync(file, good(99));
    expect(await waitFor(() => getSloFileState().definitions[0]?.objective === 99)).toBe(true);
    expect(getSloFileState().rejected).toBeNull();
  });

  it("starts with no SLOs, and says why, when the first file is invalid", () => {
    writeFileSync(file, "version: prometheus/v1\nservices: 3\n");
    setSloDefinitionsForProcess(null);
    const state = getSloFileState();
    expect(state.definitions).toEqual([]);
    expect(state.loadedAt).toBeNull();
    expect(state.rejected?.issues[0]).toMatchObject({ file, line: 2, field: "services" });
  });
});
