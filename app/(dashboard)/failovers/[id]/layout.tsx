import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { failoverRunExists } from "@/lib/failovers/queries";

// Decided above loading.tsx: once the loading state has streamed, an unknown run could no longer be a 404.
export default async function FailoverRunGate({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await failoverRunExists(id))) notFound();
  return children;
}
