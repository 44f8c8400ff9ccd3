/** Requested against allocatable as a bar; over 85 % turns amber, over 100 % red. The numbers are always printed. */
export function CapacityBar({ label, requested, allocatable, unit, known = true }: { label: string; requested: number; allocatable: number; unit: string; known?: boolean }) {
  // Zeros nobody measured (EKS without a Kubernetes source) are not an empty cluster.
  if (!known) {
    return (
      <div className="small" style={{ minWidth: 140 }}>
        <span className="muted">{label}</span> <span title="No source reports this cluster's allocatable and requested capacity (an EKS cluster needs a Kubernetes source)">unknown: not reported</span>
      </div>
    );
  }
  const share = allocatable > 0 ? requested / allocatable : 0;
  const colour = share > 1 ? "var(--bad)" : share > 0.85 ? "var(--warn)" : "var(--ok)";
  const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString("en");
  return (
    <div className="small" style={{ minWidth: 140 }}>
      <div className="row" style={{ justifyContent: "space-between", gap: 6 }}>
        <span className="muted">{label}</span>
        <span>{fmt(requested)} / {fmt(allocatable)} {unit}{allocatable > 0 ? ` (${Math.round(share * 100)} %)` : ""}</span>
      </div>
      <div role="meter" aria-label={`${label} requested of allocatable`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} style={{ height: 6, background: "var(--panel-2)", borderRadius: 3, overflow: "hidden", marginTop: 2 }}>
        <div style={{ width: `${Math.min(100, share * 100)}%`, height: "100%", background: colour }} />
      </div>
    </div>
  );
}
