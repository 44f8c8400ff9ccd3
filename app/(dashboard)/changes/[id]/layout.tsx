import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { changeExists } from "@/lib/changes/queries";

// Decided above loading.tsx: once the loading state has streamed, an unknown change could no longer be a 404.
export default async function ChangeGate({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await changeExists(id))) notFound();
  return children;
}
