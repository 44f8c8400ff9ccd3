import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uploadChangeFields } from "@/lib/changes/schemas";
import { findHostileText, refuseHostileText } from "./hostile-input";

describe("hostile text", () => {
  it("finds NUL and lone surrogates anywhere: values, nested arrays, keys", () => {
    expect(findHostileText({ comment: "a\u0000b" }, "body")).toEqual({ path: "body.comment", message: expect.stringContaining("NUL") });
    expect(findHostileText({ a: [{ b: ["ok", "\uD800"] }] })).toEqual({ path: "a.0.b.1", message: expect.stringContaining("surrogate") });
    expect(findHostileText({ x: "\uDC00tail" })?.path).toBe("x");
    expect(findHostileText({ "k\u0000": 1 })?.message).toContain("field name");
    expect(findHostileText("\u0000")).not.toBeNull();
  });

  it("lets ordinary text through, astral characters (surrogate pairs) included", () => {
    expect(findHostileText({ a: "héllo 😀 <script>", b: [1, true, null], c: { d: "日本" } })).toBeNull();
    expect(findHostileText(undefined)).toBeNull();
  });

  it("survives a very deep body without recursion", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findHostileText(deep)).not.toBeNull();
  });

  it("works as a zod refinement (the multipart upload's fields)", () => {
    const schema = z.object({ t: z.string() }).superRefine(refuseHostileText);
    expect(schema.safeParse({ t: "ok" }).success).toBe(true);
    expect(schema.safeParse({ t: "\u0000" }).success).toBe(false);
    expect(uploadChangeFields.safeParse({ workspace: "ws\u0000", commitSha: "abcdef1" }).success).toBe(false);
    expect(uploadChangeFields.safeParse({ workspace: "ws", commitSha: "abcdef1", title: "\uD83D" }).success).toBe(false);
    expect(uploadChangeFields.safeParse({ workspace: "ws", commitSha: "abcdef1", title: "fine 😀" }).success).toBe(true);
  });
});
