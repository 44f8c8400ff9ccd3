import type { Metadata } from "next";
import { ConsoleSection } from "@/components/console/console-section";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/require-page";
import { refreshConsoleState } from "@/lib/console/state";

export const metadata: Metadata = { title: "Console" };
export const dynamic = "force-dynamic";

export default async function ConsolePage() {
  const actor = await requirePage("dashboard.read", "/console");
  return (
    <>
      <PageHeader title="Console" subtitle="Where this console runs, whether it decides, and taking it over when the primary's region is dark." />
      <ConsoleSection state={await refreshConsoleState()} mayTakeOver={can(actor.role, "console.takeover")} />
    </>
  );
}
