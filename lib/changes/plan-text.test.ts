import { describe, expect, it } from "vitest";
import type { PlanJson } from "./plan-json";
import { MAX_PLAN_TEXT, preparePlanText, redactPlanText } from "./plan-text";

// The shape terraform prints for a terraform_data whose output echoes a sensitive input unmarked.
const TEXT = `  # terraform_data.db will be updated in-place
  ~ resource "terraform_data" "db" {
      ~ input  = {
          ~ rev = "1" -> "2"
            # (1 unchanged attribute hidden)
        }
      ~ output = {
          - pw  = "hunter2-secret"
          - key = <<-EOT
                -----BEGIN KEY-----
                c2VjcmV0LWtleS1ieXRlcw==
                -----END KEY-----
            EOT
          - rev = "1"
        } -> (known after apply)
    }
`;

const KEY = "-----BEGIN KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END KEY-----\n";

function plan(): PlanJson {
  return {
    format_version: "1.2",
    resource_changes: [
      {
        address: "terraform_data.db",
        mode: "managed",
        type: "terraform_data",
        name: "db",
        provider_name: "terraform.io/builtin/terraform",
        change: { actions: ["update"], before: { input: { pw: "hunter2-secret", key: KEY, rev: "1" } }, before_sensitive: { input: { pw: true, key: true } }, after: {}, after_sensitive: {} },
      },
    ],
    output_changes: {},
  } as unknown as PlanJson;
}

describe("plan text", () => {
  it("masks values the plan marks sensitive wherever terraform's text prints them, quoted or as heredoc lines", () => {
    const out = redactPlanText(TEXT, plan());
    expect(out).not.toContain("hunter2-secret");
    expect(out).not.toContain("c2VjcmV0LWtleS1ieXRlcw==");
    expect(out).not.toContain("BEGIN KEY");
    expect(out).toContain('- pw  = (sensitive value)');
    // Everything else is terraform's text, byte for byte.
    expect(out).toContain('~ rev = "1" -> "2"');
    expect(out).toContain('- rev = "1"');
    expect(out.split("\n")).toHaveLength(TEXT.split("\n").length);
  });

  it("a plan with nothing sensitive is stored as printed; a huge one is cut with a line saying so", () => {
    const none = { ...plan(), resource_changes: [] } as PlanJson;
    expect(preparePlanText(TEXT, none)).toBe(TEXT);
    const huge = preparePlanText("x".repeat(MAX_PLAN_TEXT + 10), none);
    expect(huge.length).toBeLessThan(MAX_PLAN_TEXT + 200);
    expect(huge).toContain("the plan text stops here");
  });
});
