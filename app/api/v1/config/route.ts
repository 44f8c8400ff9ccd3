import { z } from "zod";
import { displayIssue, displayPath } from "@/lib/config/display-path";
import { redactConfig } from "@/lib/config/redact";
import { getConfigState } from "@/lib/config/store";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

// The configuration itself is the YAML schema's business (lib/config/schema.ts): shown as an object here.
const configResponse = z.object({ file: z.string(), loadedAt: z.string(), rejected: z.object({ at: z.string(), issues: z.array(z.unknown()) }).nullable(), config: z.record(z.string(), z.unknown()) });

export const GET = route({
  summary: "Effective configuration, secrets redacted",
  response: configResponse,
  permission: "settings.read",
  handler: async () => {
    const state = getConfigState();
    // The file as people name it (config/demo.yaml), never the server's absolute path.
    const rejected = state.rejected && { ...state.rejected, issues: state.rejected.issues.map((i) => displayIssue(i)) };
    return { file: displayPath(state.file), loadedAt: state.loadedAt.toISOString(), rejected, config: redactConfig(state.config) };
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
