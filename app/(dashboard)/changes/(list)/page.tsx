import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { listChanges } from "@/lib/changes/queries";
import { listChangesQuery } from "@/lib/changes/schemas";
import { CHANGE_STATES } from "@/lib/changes/state-machine";
import { listWorkspaces } from "@/lib/changes/workspaces";
import { db } from "@/lib/db/client";
import { ChangesTable } from "@/components/changes/changes-table";
import { PlanForm } from "@/components/changes/plan-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Changes" };
export const dynamic = "force-dynamic";

export default async function ChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("dashboard.read", "/changes");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = listChangesQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : listChangesQuery.parse({});
  const workspaces = listWorkspaces();
  const canPlan = can(actor.role, "changes.request");
  const [changes, counts] = await Promise.all([
    listChanges(query),
    canPlan ? db().changeRequest.groupBy({ by: ["workspace"], _count: { _all: true } }) : Promise.resolve([]),
  ]);
  // The demo workspaces take -var revision=<n>: suggest the next one so a plan always has something to change.
  const suggestedVars = Object.fromEntries(
    workspaces.map((w) => [w.name, `revision=${(counts.find((c) => c.workspace === w.name)?._count._all ?? 0) + 2}`]),
  );
  return (
    <>
      <PageHeader title="Changes" subtitle="Terraform plans behind approvals: review the plan, approve it, apply exactly that plan, once." />
      {!parsed.success && <div className="alert warn" role="alert">Some filters were invalid and were ignored.</div>}
      {canPlan && workspaces.length > 0 && <PlanForm workspaces={workspaces.map((w) => w.name)} suggestedVars={suggestedVars} />}
      <form className="card row bottom no-print gap-above gap-below" method="get" aria-label="Filter changes">
        <label>State
          <select name="state" defaultValue={query.state ?? ""}>
            <option value="">any</option>
            {CHANGE_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Workspace
          <select name="workspace" defaultValue={query.workspace ?? ""}>
            <option value="">any</option>
            {workspaces.map((w) => <option key={w.name} value={w.name}>{w.name}</option>)}
          </select>
        </label>
        <button className="btn primary" type="submit">Filter</button>
        <Link className="btn" href="/changes">Clear</Link>
      </form>
      {workspaces.length === 0 ? (
        <EmptyState title="No terraform workspaces configured"><p>Add a <code>workspaces:</code> section to the configuration (see docs/terraform-applies.md).</p></EmptyState>
      ) : (
        <div className="card" data-testid="changes-table"><ChangesTable rows={changes} /></div>
      )}
    </>
  );
}
