import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import { providerSlot } from "@/lib/registry/slot";
import type { DeploymentsProviders } from "./types";
import { kubernetesDeploymentJobs } from "./live-jobs";
import { recordDeploymentEvents } from "./record-events";

import { DEPLOYMENTS_KIND } from "./types";

export { DEPLOYMENTS_KIND };

const providers = providerSlot<DeploymentsProviders>("deployments");

const afterSave =
  (source: string): CollectionJob["afterSave"] =>
  async (writes, fetchedAt) => {
    await recordDeploymentEvents(writes, fetchedAt, source);
  };

export const deploymentsCollector: CollectorDomain = {
  domain: DEPLOYMENTS_KIND,
  jobsFor: (config) => [
    ...regionJobs(
      config,
      DEPLOYMENTS_KIND,
      // The demo's past (30 days of releases as events) is written by the registry when it starts.
      { demo: async (source, region, signal) => (await providers(config)).deploymentSource(source).getDeployments(region, signal) },
      async (writes, fetchedAt) => {
        await recordDeploymentEvents(writes, fetchedAt, "collector");
      },
    ),
    ...config.sources.flatMap((s) => (s.kind === "kubernetes" ? kubernetesDeploymentJobs(config, s, afterSave(s.name)) : [])),
  ],
};
