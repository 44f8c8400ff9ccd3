// Imports that break the boundaries of eslint/boundaries.mjs and are left, on purpose, for the issue
// that restructures that code (other work is moving it now; refactoring it here would collide).
// One entry per import: `from` imports `to`; `why` says why it is wrong, `fix` which issue removes it.
// Only these exact imports pass: the same import from another file, or another import from these
// files, fails `npm run lint`. An entry whose import is gone fails too (meridian/known-violation),
// so the list only shrinks: delete the line.
const ISSUE_12 = "issue 12 (topology as recorded history)";
const ISSUE_15 = "issue 15 follow-up (domain interfaces, after issue 12 lands)";

export const knownViolations = [
  // Landed with issue 12's topology work; each names the narrower surface it should use.
  { from: "lib/demo/drill-history.ts", to: "lib/failovers/preflight.ts", why: "the demo's drill history describes drills with failovers' preflight wording", fix: `${ISSUE_15}: drill descriptions join failovers' public surface (types)` },
  { from: "lib/demo/drill-history.ts", to: "lib/failovers/run-record.ts", why: "the demo writes failover run records shaped like the real ones", fix: `${ISSUE_15}: failovers exposes a record-writer the demo provider calls` },
  { from: "lib/demo/drill-history.ts", to: "lib/failovers/runbook-version.ts", why: "drill records carry the runbook version the real runs bind to", fix: `${ISSUE_15}: getRunbookVersion joins failovers' public surface` },
  { from: "lib/demo/replication.ts", to: "lib/replication/link-ends.ts", why: "the demo's lag runs the way the recorded topology says, with replication's own rule", fix: `${ISSUE_15}: linkEnds joins replication's public surface (types)` },
  { from: "lib/demo/load-fleet.ts", to: "lib/topology/store.ts", why: "the demo fleet loads the recorded topology it simulates its past from", fix: `${ISSUE_15}: the demo providers pass the timeline in` },
  { from: "lib/topology/providers/aws.ts", to: "lib/failovers/config-schema.ts", why: "live evidence reads the runbooks' Route 53 and Aurora steps to know what to look at", fix: `${ISSUE_15}: runbooks' step shapes move to a shared config slice below topology` },
  { from: "lib/topology/providers/demo.ts", to: "lib/failovers/config-schema.ts", why: "the demo's evidence groups services the way runbooks move them", fix: `${ISSUE_15}: runbooks' step shapes move to a shared config slice below topology` },
  { from: "lib/topology/queries.ts", to: "lib/failovers/config-schema.ts", why: "recordable groups are the services each runbook moves together", fix: `${ISSUE_15}: runbooks' step shapes move to a shared config slice below topology` },
  { from: "lib/topology/providers/aws.ts", to: "lib/failovers/live-providers.ts", why: "the live topology evidence finds the aws source the way failover executors do", fix: `${ISSUE_15}: awsSourceFor moves to lib/config (a source lookup, not failovers' logic)` },


  // The demo fleet loaded outside a provider.
  { from: "lib/costs/cost-reader.ts", to: "lib/demo/costs.ts", why: "the reader builds the demo cost source itself", fix: `${ISSUE_12}: lib/costs/providers/demo.ts loads what it needs; the reader only picks a provider` },
  { from: "lib/costs/cost-reader.ts", to: "lib/demo/fleet.ts", why: "the reader builds the demo cost source itself", fix: `${ISSUE_12}: lib/costs/providers/demo.ts loads what it needs; the reader only picks a provider` },
  { from: "lib/costs/cost-reader.ts", to: "lib/demo/load-fleet.ts", why: "the reader builds the demo cost source itself", fix: `${ISSUE_12}: lib/costs/providers/demo.ts loads what it needs; the reader only picks a provider` },
  { from: "lib/deployments/backfill-demo-history.ts", to: "lib/demo/fleet.ts", why: "the demo's deployment history is simulated inside the deployments domain", fix: `${ISSUE_12}: the demo simulates its past from recorded history, behind the demo provider` },
  { from: "lib/deployments/backfill-demo-history.ts", to: "lib/demo/load-fleet.ts", why: "the demo's deployment history is simulated inside the deployments domain", fix: `${ISSUE_12}: the demo simulates its past from recorded history, behind the demo provider` },
  { from: "lib/deployments/backfill-demo-history.ts", to: "lib/demo/versions.ts", why: "the demo's deployment history is simulated inside the deployments domain", fix: `${ISSUE_12}: the demo simulates its past from recorded history, behind the demo provider` },
  { from: "lib/replication/collector.ts", to: "lib/demo/load-fleet.ts", why: "the collector loads the demo fleet to build its jobs", fix: `${ISSUE_12}: the demo lag provider loads its fleet` },
  { from: "lib/replication/sources.ts", to: "lib/demo/fleet.ts", why: "provider selection builds the demo provider from the fleet", fix: `${ISSUE_12}: the demo lag provider loads its fleet` },
  { from: "lib/replication/sources.ts", to: "lib/demo/load-fleet.ts", why: "provider selection builds the demo provider from the fleet", fix: `${ISSUE_12}: the demo lag provider loads its fleet` },
  { from: "lib/slos/sources.ts", to: "lib/demo/load-fleet.ts", why: "provider selection builds the demo SLI provider from the fleet", fix: `${ISSUE_12}: the demo SLI provider loads its fleet` },
  { from: "lib/replication/backups.ts", to: "lib/demo/prng.ts", why: "the demo's nightly backups are simulated inside the replication domain", fix: `${ISSUE_12}: the demo's backup times come from a demo backup provider, beside the live ones issue 12 added` },

  // Failovers and the demo reach into each other (and into replication).
  { from: "lib/failovers/preflight.ts", to: "lib/demo/failover.ts", why: "the preflight asks the demo for the failover path", fix: `${ISSUE_12}: demo executors and path as a failover provider (lib/failovers/providers/demo.ts)` },
  { from: "lib/failovers/preflight.ts", to: "lib/demo/load-fleet.ts", why: "the preflight loads the demo fleet", fix: `${ISSUE_12}: demo executors and path as a failover provider` },
  { from: "lib/failovers/run-failover.ts", to: "lib/demo/failover.ts", why: "the runner picks the demo executors itself", fix: `${ISSUE_12}: demo executors as a failover provider chosen by the composition root` },
  { from: "lib/demo/failover.ts", to: "lib/failovers/execute-runbook.ts", why: "the demo's failover runs the domain's executor", fix: `${ISSUE_12}: the demo supplies step executors; lib/failovers runs them` },
  { from: "lib/demo/failover.ts", to: "lib/failovers/standard-steps.ts", why: "the demo's failover uses the domain's step internals", fix: `${ISSUE_12}: the demo supplies step executors; lib/failovers runs them` },
  { from: "lib/demo/failover.ts", to: "lib/replication/queries.ts", why: "the demo's failover reads replication readiness", fix: `${ISSUE_12}: readiness passed in by lib/failovers` },
  { from: "lib/replication/queries.ts", to: "lib/failovers/config-schema.ts", why: "replication (below failovers) reads the runbooks: failovers ↔ replication", fix: `${ISSUE_12}: readiness takes the protected services as input` },

  // A domain's internals used by another domain instead of its public surface.
  { from: "lib/regions/live-jobs.ts", to: "lib/deployments/types.ts", why: "regions' live Kubernetes job also writes the deployments snapshot (regions sits below deployments)", fix: `${ISSUE_15}: one live job per domain, or the shared job in lib/collector` },
  { from: "lib/deployments/collector.ts", to: "lib/regions/live-jobs.ts", why: "deployments borrows regions' live Kubernetes job", fix: `${ISSUE_15}: one live job per domain, or the shared job in lib/collector` },
  { from: "lib/failovers/live-providers.ts", to: "lib/regions/live-jobs.ts", why: "failovers builds Kubernetes clients through regions' job helpers", fix: `${ISSUE_15}: the kubeconfig helpers move to lib/sources/kubernetes.ts` },
  { from: "lib/deployments/queries.ts", to: "lib/regions/merge.ts", why: "reads regions' snapshot internals", fix: `${ISSUE_15}: regions/queries exports the merged inventory read` },
  { from: "lib/deployments/queries.ts", to: "lib/regions/snapshot-parts.ts", why: "a generic snapshot reader kept in regions", fix: `${ISSUE_15}: listSnapshotParts moves to lib/snapshots` },
  { from: "lib/failovers/preflight.ts", to: "lib/regions/merge.ts", why: "reads regions' snapshot internals", fix: `${ISSUE_15}: regions/queries exports the merged inventory read` },
  { from: "lib/failovers/preflight.ts", to: "lib/regions/snapshot-parts.ts", why: "a generic snapshot reader kept in regions", fix: `${ISSUE_15}: listSnapshotParts moves to lib/snapshots` },
  { from: "lib/failovers/preflight.ts", to: "lib/deployments/collector.ts", why: "imports the collector for its snapshot kind constant", fix: `${ISSUE_15}: DEPLOYMENTS_KIND moves to deployments/types.ts` },
  { from: "lib/replication/queries.ts", to: "lib/deployments/collector.ts", why: "imports the collector for its snapshot kind constant", fix: `${ISSUE_15}: DEPLOYMENTS_KIND moves to deployments/types.ts` },
  { from: "lib/replication/queries.ts", to: "lib/deployments/version-order.ts", why: "release lag computed with deployments' internals", fix: `${ISSUE_15}: lagBehind joins deployments' public surface` },
  { from: "lib/replication/queries.ts", to: "lib/regions/collector.ts", why: "imports the collector for its snapshot kind constant", fix: `${ISSUE_15}: INVENTORY_KIND moves to regions/types.ts` },
  { from: "lib/replication/queries.ts", to: "lib/regions/merge.ts", why: "reads regions' snapshot internals", fix: `${ISSUE_15}: regions/queries exports the merged inventory read` },
  { from: "lib/replication/queries.ts", to: "lib/regions/snapshot-parts.ts", why: "a generic snapshot reader kept in regions", fix: `${ISSUE_15}: listSnapshotParts moves to lib/snapshots` },
  { from: "lib/costs/queries.ts", to: "lib/replication/readiness.ts", why: "verdict ordering taken from replication's readiness internals", fix: `${ISSUE_15}: VERDICT_ORDER and worstVerdict join replication/types.ts` },
  { from: "lib/overview/queries.ts", to: "lib/replication/readiness.ts", why: "verdict ordering taken from replication's readiness internals", fix: `${ISSUE_15}: VERDICT_ORDER and worstVerdict join replication/types.ts` },
  { from: "lib/overview/incident.ts", to: "lib/replication/readiness.ts", why: "verdict ordering taken from replication's readiness internals", fix: `${ISSUE_15}: VERDICT_ORDER and worstVerdict join replication/types.ts` },
  { from: "lib/overview/incident.ts", to: "lib/failovers/preflight.ts", why: "the incident guide predicts the failover path with the preflight's internals", fix: `${ISSUE_15}: the path prediction joins failovers/queries.ts` },
  { from: "lib/snapshots/freshness.ts", to: "lib/collector/domains.ts", why: "the platform reads the job list through the composition root, so it knows every domain", fix: `${ISSUE_15}: the root hands the collector's job list to freshness` },
  { from: "lib/failovers/run-failover.ts", to: "lib/collector/scheduler.ts", why: "a failover starts a collection through the scheduler, which names every domain", fix: `${ISSUE_15}: the failover raises a lib/events notice and the root collects` },
  { from: "lib/demo/costs.ts", to: "lib/costs/dates.ts", why: "the demo's cost simulation uses the domain's date helpers", fix: `${ISSUE_12}: the cost simulation moves behind lib/costs/providers/demo.ts` },
  { from: "lib/demo/costs.ts", to: "lib/costs/table.ts", why: "the demo's cost simulation builds the domain's internal table", fix: `${ISSUE_12}: the cost simulation moves behind lib/costs/providers/demo.ts` },
];
