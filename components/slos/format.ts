import { formatDuration } from "@/lib/config/duration";

// How SLO numbers read on screen; null always reads "no data", never 0 % or 100 %.

export function formatSli(sli: number | null): string {
  if (sli === null) return "no data";
  const pct = sli * 100;
  return `${pct >= 99 ? pct.toFixed(3) : pct.toFixed(2)} %`;
}

export function formatFraction(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? "no data" : `${(x * 100).toFixed(digits)} %`;
}

export function formatBurn(burn: number | null): string {
  if (burn === null) return "no data";
  return burn >= 100 ? `${Math.round(burn)}×` : `${burn.toFixed(2)}×`;
}

export function formatMinutes(min: number): string {
  return Math.abs(min) >= 120 ? `${(min / 60).toFixed(1)} h` : `${min.toFixed(1)} min`;
}

/** Time until the budget is gone: "exhausted", a duration, or "not burning". */
export function formatEta(ms: number | null, hasData: boolean): string {
  if (!hasData) return "no data";
  if (ms === null) return "not burning";
  if (ms === 0) return "exhausted";
  return formatDuration(ms);
}

export function formatWindow(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000} d` : formatDuration(ms);
}
