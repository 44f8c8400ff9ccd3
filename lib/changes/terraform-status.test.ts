import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { setConfigForProcess } from "@/lib/config/store";
import { resetEnvForTests } from "@/lib/env";
import { listTerraformStatus } from "./terraform-status";

function configWith(terraform: string | undefined) {
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

  describe("a workspace without its own terraform setting", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
      resetEnvForTests();
    });

    it("uses MERIDIAN_TERRAFORM_BIN (how a container points at its binary)", async () => {
      Object.assign(process.env, {
        DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused",
        NEXTAUTH_SECRET: "test-secret-test-secret-test",
        MERIDIAN_TERRAFORM_BIN: "/opt/nowhere/terraform",
      });
      resetEnvForTests();
      setConfigForProcess(configWith(undefined));
      const [ws] = await listTerraformStatus();
      expect(ws.bin).toBe("/opt/nowhere/terraform");
      expect(ws.error).toContain("terraform not found at /opt/nowhere/terraform");
    });

    it("defaults to terraform on PATH", async () => {
      Object.assign(process.env, { DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused", NEXTAUTH_SECRET: "test-secret-test-secret-test" });
      delete process.env.MERIDIAN_TERRAFORM_BIN;
      resetEnvForTests();
      setConfigForProcess(configWith(undefined));
      const [ws] = await listTerraformStatus();
      expect(ws.bin).toBe("terraform");
    });
  });
});
