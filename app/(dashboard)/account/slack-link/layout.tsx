import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getSlackSettings } from "@/lib/integrations/slack/settings";

// Decided above loading.tsx, from the configuration alone: once the loading state has streamed, a
// console without Slack could no longer answer 404 here.
export default function SlackLinkGate({ children }: { children: ReactNode }) {
  if (!getSlackSettings()) notFound();
  return children;
}
