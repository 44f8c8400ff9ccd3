import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/http/errors";
import { assertTransition, canTransition, CHANGE_STATES, getStatesBefore, TERMINAL_STATES } from "./state-machine";

describe("change request state machine", () => {
  it("allows the documented path and nothing skips approval", () => {
    expect(canTransition("proposed", "approved")).toBe(true);
    expect(canTransition("approved", "applying")).toBe(true);
    expect(canTransition("applying", "applied")).toBe(true);
    expect(canTransition("applying", "stale")).toBe(true);
    expect(canTransition("applying", "failed")).toBe(true);
    expect(canTransition("proposed", "applying")).toBe(false);
    expect(canTransition("rejected", "applying")).toBe(false);
  });

  it("cancels only before applying", () => {
    expect(canTransition("proposed", "cancelled")).toBe(true);
    expect(canTransition("approved", "cancelled")).toBe(true);
    expect(canTransition("applying", "cancelled")).toBe(false);
    expect(canTransition("applied", "cancelled")).toBe(false);
  });

  it("never re-runs: applying cannot go back to approved, and finished states are final", () => {
    expect(canTransition("applying", "approved")).toBe(false);
    expect(canTransition("failed", "applying")).toBe(false);
    expect([...TERMINAL_STATES].sort()).toEqual(["applied", "cancelled", "failed", "rejected", "stale", "superseded"]);
  });

  it("supersedes only an open plan: a new push makes a proposed or approved plan out of date, never a running or finished one", () => {
    expect(getStatesBefore("superseded")).toEqual(["proposed", "approved"]);
    expect(canTransition("applying", "superseded")).toBe(false);
    expect(canTransition("superseded", "applying")).toBe(false);
    expect(canTransition("superseded", "approved")).toBe(false);
  });

  it("gives the conditional update its from-states", () => {
    expect(getStatesBefore("applying")).toEqual(["approved"]);
    expect(getStatesBefore("cancelled")).toEqual(["proposed", "approved"]);
    expect(getStatesBefore("proposed")).toEqual(["approved"]);
  });

  it("assertTransition throws a 409 that names both states", () => {
    expect(() => assertTransition("approved", "applying")).not.toThrow();
    expect(() => assertTransition("applied", "applying")).toThrow(ConflictError);
    expect(() => assertTransition("applied", "applying")).toThrow("A change that is applied cannot become applying (applied is final).");
    expect(() => assertTransition("proposed", "applying")).toThrow(/from proposed: approved, rejected, cancelled, superseded/);
    expect(() => assertTransition("bogus", "applied")).toThrow(/Unknown change state "bogus"/);
    expect(CHANGE_STATES).toHaveLength(9);
  });
});
