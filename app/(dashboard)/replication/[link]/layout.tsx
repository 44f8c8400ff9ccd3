import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getConfig } from "@/lib/config/store";

// Decided above loading.tsx, from the configuration alone: once the loading state has streamed, an
// unknown link could no longer be a 404.
export default async function LinkGate({ children, params }: { children: ReactNode; params: Promise<{ link: string }> }) {
  const { link } = await params;
  if (!getConfig().links.some((l) => l.id === link)) notFound();
  return children;
}
