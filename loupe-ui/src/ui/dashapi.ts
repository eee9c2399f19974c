// The dashboards and metrics API (docs/API.md, "Metrics, alerts and dashboards"): dashboard
// documents (the JSON a GET returns is what a PUT takes: export and import), metric rules and the
// range series of a rule.
import { errorOf, type Range } from "./api";

export const PANEL_TYPES = ["timeseries", "bars", "table", "value", "logs"] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export interface Panel {
  title?: string;
  type: PanelType;
  query?: string;
  metric?: string;
  by?: string[];
}

export interface Dashboard {
  id: string;
  title: string;
  from: string;
  refresh: string;
  panels: Panel[];
}

export interface MetricRule {
  name: string;
  query: string;
  aggregation: string;
  field?: string;
  by: string[];
  window: string;
  description?: string;
  source?: string;
}

export interface MetricSeries {
  labels: Record<string, string>;
  values: [number, number][];
}

export interface MetricRange {
  name: string;
  aggregation: string;
  window: string;
  step: string;
  start: number;
  end: number;
  /** End of the newest closed window (epoch ms): later buckets are not known yet, not empty. */
  closedThrough?: number;
  series: MetricSeries[];
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw await errorOf(response);
  return response.json() as Promise<T>;
}

export async function listDashboards(signal?: AbortSignal): Promise<Dashboard[]> {
  return (await json<{ dashboards: Dashboard[] }>(await fetch("/api/v1/dashboards", { signal }))).dashboards;
}

export function dashboardUrl(id: string): string {
  return "/api/v1/dashboards/" + encodeURIComponent(id);
}

export async function getDashboard(id: string, signal?: AbortSignal): Promise<Dashboard> {
  return json<Dashboard>(await fetch(dashboardUrl(id), { signal }));
}

/** 404 is an answer here, not an error: whether an id is free. */
export async function dashboardExists(id: string): Promise<boolean> {
  const response = await fetch(dashboardUrl(id));
  if (response.status === 404) return false;
  if (!response.ok) throw await errorOf(response);
  return true;
}

/** Saves (creates or replaces) a dashboard; the server checks it and answers it as stored. */
export async function putDashboard(dashboard: Dashboard | unknown, id: string): Promise<Dashboard> {
  const response = await fetch(dashboardUrl(id), {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(dashboard),
  });
  return json<Dashboard>(response);
}

export async function deleteDashboard(id: string): Promise<void> {
  const response = await fetch(dashboardUrl(id), { method: "DELETE" });
  if (!response.ok) throw await errorOf(response);
}

export async function metricRules(signal?: AbortSignal): Promise<MetricRule[]> {
  return (await json<{ rules: MetricRule[] }>(await fetch("/api/v1/metrics/rules", { signal }))).rules;
}

/**
 * The series of a rule over the range, bucketed by step. `by` lists the labels kept (an empty list
 * adds every group into one series), as the API's `by` parameter.
 */
export async function metricRange(name: string, range: Range, step: string, by: string[], signal: AbortSignal): Promise<MetricRange> {
  const search = new URLSearchParams({ name, start: range.start, end: range.end, step, by: by.join(",") });
  return json<MetricRange>(await fetch("/api/v1/metrics/query_range?" + search.toString(), { signal }));
}
