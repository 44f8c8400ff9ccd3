import { describe, expect, it } from "vitest";
import { requestTargetProblem } from "./request-target";

describe("request targets the proxy refuses", () => {
  it("refuses path escapes that are not UTF-8 and NULs in path or query", () => {
    for (const [path, search] of [
      ["/api/v1/regions/%E0%A4", ""],
      ["/api/v1/regions/%", ""],
      ["/api/v1/regions/%zz", ""],
      ["/api/v1/regions/%ED%A0%80", ""], // a UTF-8-encoded lone surrogate
      ["/changes/%00", ""],
      ["/api/v1/audit", "?actor=%00"],
      ["/deployments", "?q%00=1"],
    ]) {
      expect(requestTargetProblem(path, search), `${path}${search}`).not.toBeNull();
    }
  });

  it("lets ordinary and merely odd targets through (a bad query escape stays literal)", () => {
    expect(requestTargetProblem("/api/v1/regions/eu-west-1", "?x=%3Cscript%3E")).toBeNull();
    expect(requestTargetProblem("/deployments", "?q=100%")).toBeNull();
    expect(requestTargetProblem("/api/v1/slos/%F0%9F%98%80", "")).toBeNull();
  });
});
