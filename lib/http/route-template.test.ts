import { describe, expect, it } from "vitest";
import { routeTemplate, UNMATCHED_ROUTE } from "./route-template";

describe("metric label templates", () => {
  it("puts the route's placeholders back", () => {
    expect(routeTemplate("/api/v1/regions/eu-west-1", { id: "eu-west-1" })).toBe("/api/v1/regions/[id]");
    expect(routeTemplate("/api/v1/changes/cm123/apply", { id: "cm123" })).toBe("/api/v1/changes/[id]/apply");
    expect(routeTemplate("/api/v1/deployments/leaderboard-api/history", { service: "leaderboard-api" })).toBe("/api/v1/deployments/[service]/history");
    expect(routeTemplate("/api/v1/me")).toBe("/api/v1/me");
  });

  it("compares decoded segments, as Next hands params over decoded", () => {
    expect(routeTemplate("/api/v1/slos/%3Cscript%3E", { id: "<script>" })).toBe("/api/v1/slos/[id]");
    expect(routeTemplate("/api/v1/changes/a%2Fb/log", { id: "a/b" })).toBe("/api/v1/changes/[id]/log");
  });

  it("matches from the right, so a value equal to a static name stays bounded", () => {
    expect(routeTemplate("/api/v1/changes/changes/apply", { id: "changes" })).toBe("/api/v1/changes/[id]/apply");
    // Mislabelled but still made of the route's own names: no new label per value.
    expect(routeTemplate("/api/v1/changes/apply/apply", { id: "apply" })).toBe("/api/v1/changes/apply/[id]");
  });

  it("never turns what a caller typed into a label", () => {
    expect(routeTemplate("/api/v1/regions/x", { id: "y" })).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate("/api/v1/regions/%E0%A4", { id: "x" })).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate("/api/v1/r\u00e9gions")).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate("/api/v1/a b")).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate("/api/x", { rest: ["a", "b"] })).toBe(UNMATCHED_ROUTE);
  });
});
