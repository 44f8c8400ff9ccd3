import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectorDomain } from "@/lib/collector/types";
import { demoDeploymentSource } from "./providers/demo";
import { recordDeploymentEvents } from "./record-events";

export const DEPLOYMENTS_KIND = "deployments";

export const deploymentsCollector: CollectorDomain = {
  domain: DEPLOYMENTS_KIND,
  jobsFor: (config) =>
    regionJobs(
      config,
      DEPLOYMENTS_KIND,
      { demo: (_source, region, signal) => demoDeploymentSource.getDeployments(region, signal) },
      async (writes, fetchedAt) => {
        await recordDeploymentEvents(writes, fetchedAt, "collector");
      },
    ),
};
