"use client";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

/**
 * The sidebar's content behind a "Menu" button on narrow screens (CSS hides the button on wide ones),
 * so on a phone the first screen shows the page, not ten links.
 */
export function SidebarMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  // Close once the person has gone where they wanted (state adjusted during render, not in an effect).
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <button type="button" className="btn menu-button" aria-expanded={open} aria-controls="sidebar-panel" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden>{open ? "✕" : "☰"}</span> Menu
      </button>
      <div id="sidebar-panel" className="sidebar-panel" data-open={open}>
        {children}
      </div>
    </>
  );
}
