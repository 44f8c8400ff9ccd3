import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/require-page";
import { summarizeConfig } from "@/lib/config/config-summary";
import { DEMO_USERS } from "@/lib/auth/demo-users";
import { displayPath } from "@/lib/config/display-path";
import { getConfigState, isDemoMode } from "@/lib/config/store";
import { SCENARIO_INFO } from "@/lib/demo/scenarios";
import { getFleetState } from "@/lib/demo/state";
import { getStaleAfterMs, listSourceHealth } from "@/lib/snapshots/freshness";
import { mergeConfiguredUsers } from "@/lib/users/configured-users";
import { can } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/users/queries";
import { CostSourceStatusSection } from "@/components/costs/cost-source-status";
import { listCostSourceStatus } from "@/lib/costs/source-status";
import { listTerraformStatus } from "@/lib/changes/terraform-status";
import { TerraformStatusSection } from "@/components/changes/terraform-status-section";
import { GithubHealthSection } from "@/components/settings/github-health-section";
import { getGithubHealth } from "@/lib/integrations/github/queries";
import { ScenarioSwitcher } from "@/components/settings/scenario-switcher";
import { AwsCredentialsSection } from "@/components/settings/aws-credentials-section";
import { SourcesTable } from "@/components/settings/sources-table";
import { SloFileStatus } from "@/components/slos/slo-file-status";
import { UsersTable } from "@/components/settings/users-table";
import { ConfigSections } from "@/components/settings/config-sections";
import { CollectNowButton } from "@/components/settings/collect-now-button";
import { PageHeader } from "@/components/ui/page-header";
import { StreamedPanel } from "@/components/shell/page-loading";
import { ConfigRejected } from "@/components/settings/config-rejected";
import { SettingsSection } from "@/components/settings/settings-section";
import { ConsoleSection } from "@/components/console/console-section";
import { getConsoleState } from "@/lib/console/state";
import { formatUtc } from "@/lib/format";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const actor = await requirePage("settings.read", "/settings");
  const state = getConfigState();
  const [sources, fleet, users, costSources, terraform, github] = await Promise.all([
    listSourceHealth(),
    isDemoMode() ? getFleetState() : null,
    listUsers(),
    listCostSourceStatus(),
    listTerraformStatus(),
    getGithubHealth(),
  ]);
  return (
    <>
      <PageHeader title="Settings" subtitle={`Configuration from ${displayPath(state.file)}, loaded ${formatUtc(state.loadedAt.toISOString())}.`} />
      <div className="grid">
        {state.rejected && <ConfigRejected rejected={state.rejected} />}
        {fleet && <SettingsSection id="scenario-h" title="Demo scenario"><ScenarioSwitcher current={fleet.scenario} since={fleet.scenarioSince} scenarios={SCENARIO_INFO} /></SettingsSection>}
        <ConsoleSection state={getConsoleState()} mayTakeOver={can(actor.role, "console.takeover")} />
        <SloFileStatus />
        <SettingsSection id="sources-h" title="Sources">
          {can(actor.role, "collector.refresh") && <CollectNowButton />}
          <SourcesTable sources={sources} />
        </SettingsSection>
        <StreamedPanel size="short" label="AWS credentials"><AwsCredentialsSection /></StreamedPanel>
        <SettingsSection id="users-h" title="Users"><UsersTable users={mergeConfiguredUsers(users, isDemoMode() ? DEMO_USERS : [])} selfId={actor.id} /></SettingsSection>
        <CostSourceStatusSection sources={costSources} />
        <TerraformStatusSection workspaces={terraform} />
        <GithubHealthSection health={github} />
        <SettingsSection id="config-h" title="Effective configuration">
          <p className="muted small">Secrets appear only as references to environment variables; Sources and AWS credentials above say whether each is set.</p>
          <ConfigSections summary={summarizeConfig(state.config, (s) => getStaleAfterMs(s, state.config.staleAfter))} rawYaml={state.text} />
        </SettingsSection>
      </div>
    </>
  );
}
