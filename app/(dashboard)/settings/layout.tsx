import type { ReactNode } from "react";
import { requirePage } from "@/lib/auth/require-page";

// Checked above loading.tsx: once the loading state has streamed, a refusal can no longer be a 403.
export default async function SettingsGate({ children }: { children: ReactNode }) {
  await requirePage("settings.read", "/settings");
  return children;
}
