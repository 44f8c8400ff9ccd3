import { regionJobs } from "@/lib/collector/region-jobs";
import type { CollectionJob, CollectorDomain } from "@/lib/collector/types";
import { kubernetesJobs } from "@/lib/regions/live-jobs";
import { backfillDemoHistory } from "./backfill-demo-history";
import { demoDeploymentSource } from "./providers/demo";
import { recordDeploymentEvents } from "./record-events";

export const DEPLOYMENTS_KIND = "deployments";

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
      { demo: (_source, region, signal) => demoDeploymentSource.getDeployments(region, signal) },
      async (writes, fetchedAt) => {
        // The demo has a past: on the first collection of a region its last 30 days of releases
        // become events, so history and "drift began" have something to show from the start.
        await backfillDemoHistory(writes.map((w) => w.key));
        await recordDeploymentEvents(writes, fetchedAt, "collector");
      },
    ),
    ...config.sources.flatMap((s) => (s.kind === "kubernetes" ? kubernetesJobs(config, s, "deployments", afterSave(s.name)) : [])),
  ],
};
