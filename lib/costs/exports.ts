import { toCsv, type CsvColumn } from "./csv";
import { formatMicros } from "./money";
import type { AnomalyList, CostBreakdown, CostForecastView, CostMovers, RedundancyView } from "./queries";

// Every table on /costs as CSV: amounts are exact decimals (6 places, from integer micros), so the
// rows of a download add up to the page's totals to the cent.

const amount = (micros: number) => formatMicros(micros, 6);
const ratio = (r: number | null) => (r === null ? "" : (Math.round(r * 1e6) / 1e6).toString());
const unitCol = (unit: string) => `amount_${unit.toLowerCase()}`;

export function breakdownCsv(b: CostBreakdown): { filename: string; text: string } {
  const columns: Array<CsvColumn<CostBreakdown["points"][number]>> = [
    { header: "period", value: (p) => p.date },
    { header: b.query.groupBy, value: (p) => p.key },
    { header: unitCol(b.unit), value: (p) => amount(p.amountMicros) },
  ];
  return { filename: `costs-by-${b.query.groupBy}-${b.query.granularity}-${b.query.from}-${b.query.to}.csv`, text: toCsv(columns, b.points) };
}

export function forecastCsv(f: CostForecastView): { filename: string; text: string } {
  const columns: Array<CsvColumn<CostForecastView["points"][number]>> = [
    { header: "period", value: (p) => p.date },
    { header: `forecast_${unitCol(f.unit)}`, value: (p) => amount(p.meanMicros) },
    { header: "lower_bound", value: (p) => (p.lowerMicros === undefined ? "" : amount(p.lowerMicros)) },
    { header: "upper_bound", value: (p) => (p.upperMicros === undefined ? "" : amount(p.upperMicros)) },
  ];
  return { filename: `costs-forecast-${f.granularity}.csv`, text: toCsv(columns, f.points) };
}

export function moversCsv(m: CostMovers): { filename: string; text: string } {
  const columns: Array<CsvColumn<CostMovers["movers"][number]>> = [
    { header: m.groupBy, value: (x) => x.key },
    { header: `current_${unitCol(m.unit)}`, value: (x) => amount(x.currentMicros) },
    { header: `previous_${unitCol(m.unit)}`, value: (x) => amount(x.previousMicros) },
    { header: "change", value: (x) => amount(x.deltaMicros) },
    { header: "change_ratio", value: (x) => ratio(x.deltaRatio) },
  ];
  return { filename: `costs-movers-${m.groupBy}-${m.current.to}.csv`, text: toCsv(columns, m.movers) };
}

export function redundancyCsv(v: RedundancyView): { filename: string; text: string } {
  const rows = v.services.flatMap((s) => s.dormantRegions.map((d) => ({ s, d })));
  const columns: Array<CsvColumn<(typeof rows)[number]>> = [
    { header: "service", value: (x) => x.s.serviceId },
    { header: "team", value: (x) => x.s.team },
    { header: "dormant_region", value: (x) => x.d.region },
    { header: `dormant_${unitCol(v.unit)}`, value: (x) => amount(x.d.amountMicros) },
    { header: `service_total_${unitCol(v.unit)}`, value: (x) => amount(x.s.serviceTotalMicros) },
    { header: "readiness", value: (x) => v.readiness[x.s.serviceId]?.verdict ?? "" },
  ];
  return { filename: `costs-redundancy-${v.range.from}-${v.range.to}.csv`, text: toCsv(columns, rows) };
}

export function anomaliesCsv(a: AnomalyList): { filename: string; text: string } {
  const columns: Array<CsvColumn<AnomalyList["anomalies"][number]>> = [
    { header: "id", value: (x) => x.id },
    { header: "start", value: (x) => x.startDate },
    { header: "end", value: (x) => x.endDate },
    { header: "service", value: (x) => x.meridianService ?? x.dimensionValue },
    { header: `impact_${unitCol(x0(a))}`, value: (x) => amount(x.impact.totalMicros) },
    { header: "impact_percent", value: (x) => x.impact.percentage },
    { header: "root_causes", value: (x) => x.rootCauses.map((c) => [c.service, c.region, c.usageType].filter(Boolean).join(" / ")).join("; ") },
  ];
  return { filename: `costs-anomalies-${a.range.from}-${a.range.to}.csv`, text: toCsv(columns, a.anomalies) };
}

function x0(a: AnomalyList): string {
  return a.anomalies[0]?.unit ?? "USD";
}

/** A download: text/csv as an attachment. */
export function csvResponse({ filename, text }: { filename: string; text: string }): Response {
  return new Response(text, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
