"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { createContext, useContext, useState, type ReactNode } from "react";

const RequestIdContext = createContext<string | null>(null);

/**
 * The id of the request that rendered the shell (proxy.ts assigns it; the log has it beside any
 * render error's digest). The shell is not rendered again on a navigation inside the console, so
 * after one the id belongs to an earlier page and is withheld; a refresh brings a new one.
 */
export function RequestIdProvider({ requestId, children }: { requestId: string | null; children: ReactNode }) {
  const where = `${usePathname()}?${useSearchParams().toString()}`;
  const [renderedFor, setRenderedFor] = useState({ requestId, where });
  // A new id is a new render of the shell, for the page shown now (React's state-from-props pattern).
  if (renderedFor.requestId !== requestId) setRenderedFor({ requestId, where });
  const current = renderedFor.requestId === requestId && renderedFor.where === where ? requestId : null;
  return <RequestIdContext.Provider value={current}>{children}</RequestIdContext.Provider>;
}

/** The request id of the page shown, or null when it is not known here. */
export function useRequestId(): string | null {
  return useContext(RequestIdContext);
}
