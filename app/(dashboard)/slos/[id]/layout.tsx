import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getSloDefinition } from "@/lib/slos/store";

// Decided above loading.tsx, from the SLO definitions alone: once the loading state has streamed, an
// unknown SLO could no longer be a 404.
export default async function SloGate({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  if (!getSloDefinition((await params).id)) notFound();
  return children;
}
