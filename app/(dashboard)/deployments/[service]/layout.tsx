import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/config/store";

// Decided above loading.tsx, from the configuration alone: once the loading state has streamed, an
// unknown service could no longer be a 404.
export default async function ServiceGate({ children, params }: { children: ReactNode; params: Promise<{ service: string }> }) {
  const { service } = await params;
  if (!getConfig().systems.some((s) => s.services.some((x) => x.id === service))) notFound();
  return children;
}
