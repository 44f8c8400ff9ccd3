import { formatDuration } from "@/lib/config/duration";
import type { LinkRow } from "@/lib/replication/queries";

/** "12 blocks", "3.4 MiB", "8 s": the lag as the engine measures it. */
export function formatNaturalLag(row: Pick<LinkRow, "unit" | "lag">): string {
  if (row.lag === null) return "—";
  if (row.unit === "seconds") return formatDuration(row.lag * 1000);
  if (row.unit === "blocks") return `${Math.round(row.lag)} blocks`;
  const b = row.lag;
  return b >= 1_048_576 ? `${(b / 1_048_576).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${Math.round(b)} B`;
}

export function formatSeconds(sec: number | null): string {
  return sec === null ? "—" : formatDuration(sec * 1000);
}
