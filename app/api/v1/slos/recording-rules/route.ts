import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { recordingRulesYaml } from "@/lib/slos/recording-rules";
import { recordingRulesQuery } from "@/lib/slos/schemas";
import { listSloDefinitions } from "@/lib/slos/store";

/** The Prometheus recording rules for every SLO (a rules file for `rule_files`): at thousands of SLOs, collection reads these. */
export const GET = route({
  summary: "Prometheus recording rules for every SLO (YAML for rule_files); collection reads the recorded series when present",
  response: null,
  produces: ["application/yaml"],
  permission: "dashboard.read",
  query: recordingRulesQuery,
  handler: async ({ query }) => new Response(recordingRulesYaml(listSloDefinitions(), { interval: query.interval }), { headers: { "content-type": "application/yaml; charset=utf-8", "cache-control": "no-store" } }),
});

export const { HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
