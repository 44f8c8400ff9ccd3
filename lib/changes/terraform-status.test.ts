import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { listTerraformStatus } from "./terraform-status";

function configWith(terraform: string) {
  return configSchema.parse({
    version: 1,
    regions: [{ id: "eu-west-1", name: "Ireland" }],
    sources: [{ name: "demo", kind: "demo" }],
    workspaces: [{ name: "ws", dir: "demo/terraform/blockchain-eu-west-1", regions: ["eu-west-1"], terraform }],
  });
}

describe("Settings → terraform status", () => {
  it("reports the installed terraform's version", async () => {
    setConfigForProcess(configWith("terraform"));
    const [ws] = await listTerraformStatus();
    expect(ws).toMatchObject({ name: "ws", dirExists: true, error: null });
    expect(ws.version).toMatch(/^1\.\d+\.\d+/);
  });

  it("says in one line when the binary is missing", async () => {
    setConfigForProcess(configWith("terraform-not-installed-here"));
    const [ws] = await listTerraformStatus();
    expect(ws.version).toBeNull();
    expect(ws.error).toMatch(/not found/);
    expect(ws.error).not.toContain("\n");
  });
});
