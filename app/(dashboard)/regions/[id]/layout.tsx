import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/config/store";

// Decided above loading.tsx, from the configuration alone: once the loading state has streamed, an
// unknown region could no longer be a 404.
export default async function RegionGate({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!getConfig().regions.some((r) => r.id === id)) notFound();
  return children;
}
