import { describe, it } from "vitest";

/**
 * A suite that needs an outside tool (terraform, Prometheus): where the tool is missing it becomes
 * one failing test that says what to install — never a skip that lets `npm test` pass.
 */
export function describeWithTool(name: string, missingReason: string | null, body: () => void): void {
  if (missingReason) {
    describe(name, () => {
      it(`needs a tool: ${missingReason}`, () => {
        throw new Error(missingReason);
      });
    });
  } else describe(name, body);
}
