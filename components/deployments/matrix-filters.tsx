"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import type { Facets } from "@/lib/deployments/queries";

/** Filters of the version matrix; every change goes into the URL so the view can be shared. Works as a plain GET form without JS. */
// Selects and the checkbox are uncontrolled and re-mounted (key) when their URL value changes:
// they show the click at once while the navigation is pending.
export function MatrixFilters({ facets }: { facets: Facets }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.get("q") ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Changes made in quick succession build on each other, not on a URL that has not committed yet.
  const latest = useRef(params.toString());
  useEffect(() => {
    latest.current = params.toString();
  }, [params]);

  function update(name: string, value: string) {
    const next = new URLSearchParams(latest.current);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page"); // a new filter starts on the first page
    latest.current = next.toString();
    startTransition(() => router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false }));
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form className="card row no-print" method="get" aria-label="Filter the version matrix" style={{ marginBottom: 14, alignItems: "flex-end" }} onSubmit={(e) => { e.preventDefault(); update("q", q); }}>
      <label>System
        <select key={params.get("system") ?? ""} name="system" defaultValue={params.get("system") ?? ""} onChange={(e) => update("system", e.target.value)}>
          <option value="">all</option>
          {facets.systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </label>
      <label>Team
        <select key={params.get("team") ?? ""} name="team" defaultValue={params.get("team") ?? ""} onChange={(e) => update("team", e.target.value)}>
          <option value="">all</option>
          {facets.teams.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <label>Region
        <select key={params.get("region") ?? ""} name="region" defaultValue={params.get("region") ?? ""} onChange={(e) => update("region", e.target.value)}>
          <option value="">all</option>
          {facets.regions.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </label>
      <label>Search
        <input
          name="q"
          type="search"
          value={q}
          placeholder="service, team, version"
          onChange={(e) => {
            const v = e.target.value;
            setQ(v);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => update("q", v), 300);
          }}
        />
      </label>
      <label style={{ flexDirection: "row", alignItems: "center", gap: 6, paddingBottom: 8 }}>
        <input key={params.get("drift") ?? ""} type="checkbox" name="drift" value="true" defaultChecked={params.get("drift") === "true"} onChange={(e) => update("drift", e.target.checked ? "true" : "")} />
        Drift only
      </label>
      <noscript><button className="btn primary" type="submit">Filter</button></noscript>
      {pending && <span className="muted small" role="status">Updating…</span>}
    </form>
  );
}
