"use client";
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import type { TimelineChart as Chart } from "./timeline-chart";

// The overview must paint its tiles at once; recharts (~400 KiB) follows when the chart is drawn.
const TimelineChart = dynamic(() => import("./timeline-chart").then((m) => m.TimelineChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 280 }} aria-label="Loading the timeline chart" />,
});

export function LazyTimelineChart(props: ComponentProps<typeof Chart>) {
  return <TimelineChart {...props} />;
}
