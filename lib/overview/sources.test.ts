import { describe, expect, it } from "vitest";
import type { SourceHealth } from "@/lib/snapshots/freshness";
import { pickSources } from "./queries";

const source = (name: string, lastSuccessAt: string | null, stale = false, retired = false) => ({ name, lastSuccessAt, stale, retired }) as SourceHealth;

describe("the overview's sources", () => {
  it("lists every stale source first, then the fresh ones longest since a success, and counts them all", () => {
    const all = [
      source("demo/inventory/us-east-1", "2026-11-29T10:00:30Z"),
      source("demo/slos/eu-west-1", "2026-11-29T09:00:00Z", true),
      source("demo/costs/global", "2026-11-29T10:00:10Z"),
      source("demo/old/retired", null, true, true),
      source("demo/deployments/eu-west-1", null, true),
      source("demo/inventory/eu-west-2", "2026-11-29T10:00:20Z"),
    ];
    const { shown, total, stale } = pickSources(all, 4);
    expect(shown.map((s) => s.name)).toEqual(["demo/deployments/eu-west-1", "demo/slos/eu-west-1", "demo/costs/global", "demo/inventory/eu-west-2"]);
    expect(total).toBe(5);
    expect(stale).toBe(2);
  });
});
