import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getSessionActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getConsoleBanner } from "@/lib/console/banner";
import { getConsoleState } from "@/lib/console/state";
import { NAV_ITEMS } from "@/lib/nav";
import { ConsoleBanner } from "@/components/shell/console-banner";
import { CurrentUser } from "@/components/shell/current-user";
import { NavLinks } from "@/components/shell/nav-links";
import { RequestIdProvider } from "@/components/shell/request-id";
import { SidebarMenu } from "@/components/shell/sidebar-menu";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";

// Every page depends on the signed-in user and live data.
export const dynamic = "force-dynamic";

// Nothing here may depend on who the user is beyond their role: the overview is shared by role
// (lib/live/page-cache.ts); the name comes from the browser (CurrentUser).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  if (!actor) redirect("/sign-in");
  const banner = getConsoleBanner(getConsoleState());
  // The id proxy.ts gave this request: a page's error state shows it (components/shell/request-id.tsx).
  const requestId = (await headers()).get("x-request-id");
  const items = NAV_ITEMS.filter((i) => can(actor.role, i.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <aside className="sidebar">
        <Link href="/" className="brand" aria-label="Meridian home">
          <span aria-hidden>◐</span> Meridian
        </Link>
        <SidebarMenu>
          <NavLinks items={items} />
          <div className="sidebar-foot">
            <CurrentUser roleLabel={ROLE_LABELS[actor.role]} />
            <div className="row">
              <ThemeToggle />
              <SignOutButton />
            </div>
            <Link href="/account" className="small">Account &amp; API tokens</Link>
            <div className="muted small">Times in UTC</div>
          </div>
        </SidebarMenu>
      </aside>
      <main id="main" className="main">
        {banner ? <ConsoleBanner banner={banner} mayTakeOver={can(actor.role, "console.takeover")} /> : null}
        <RequestIdProvider requestId={requestId}>{children}</RequestIdProvider>
      </main>
    </div>
  );
}
