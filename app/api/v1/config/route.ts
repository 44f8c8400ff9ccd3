import { redactConfig } from "@/lib/config/redact";
import { getConfigState } from "@/lib/config/store";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
  permission: "settings.read",
  handler: async () => {
    const state = getConfigState();
    return { file: state.file, loadedAt: state.loadedAt.toISOString(), rejected: state.rejected, config: redactConfig(state.config) };
  },
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
