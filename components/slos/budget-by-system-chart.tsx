"use client";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type BudgetBar = { name: string; spent: number | null; worst: number | null };

function tone(spent: number): string {
  return spent >= 1 ? "var(--bad)" : spent >= 0.5 ? "var(--warn)" : "var(--ok)";
}

/** Mean share of the error budget spent per system, with the whole budget as a line at 100 %. */
export function BudgetBySystemChart({ bars }: { bars: BudgetBar[] }) {
  const data = bars.map((b) => ({ name: b.name, spent: b.spent === null ? 0 : Math.round(b.spent * 1000) / 10, worst: b.worst === null ? null : Math.round(b.worst * 1000) / 10, noData: b.spent === null }));
  return (
    <figure style={{ margin: 0 }} aria-label="Error budget spent by system" data-testid="budget-by-system">
      <ResponsiveContainer width="100%" height={Math.max(120, 44 * data.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 10, right: 30, top: 6, bottom: 6 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
          <XAxis type="number" domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]} unit=" %" stroke="var(--muted)" fontSize={12} />
          <YAxis type="category" dataKey="name" width={150} stroke="var(--muted)" fontSize={12} />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
            formatter={(value, _name, item) => {
              const p = item.payload as { noData: boolean; worst: number | null };
              return p.noData ? ["no data", "budget spent"] : [`${value} % (worst SLO ${p.worst} %)`, "mean budget spent"];
            }}
          />
          <ReferenceLine x={100} stroke="var(--bad)" strokeDasharray="4 4" label={{ value: "whole budget", fill: "var(--muted)", fontSize: 11, position: "top" }} />
          <Bar dataKey="spent" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.name} fill={d.noData ? "var(--border)" : tone(d.spent / 100)} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Mean share of each SLO&apos;s error budget spent over its window, by system.</figcaption>
    </figure>
  );
}
