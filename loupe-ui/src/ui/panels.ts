// Dashboard panels: load a panel's data (a query of the query language, or a metric rule's range
// series) for the dashboard's range, then draw it as its type says. Loading and drawing are apart
// so that a resize or a theme switch draws again without asking the server.
//
// What a source gives each type:
//   query with stats/top/uniq: the table; a time column (bin(_time, …)) makes it a series per group
//   plain filter query: lines (logs, table), counted per step (timeseries; bars stacked by level),
//                       counted over the range (value)
//   metric: its series bucketed per step (timeseries, bars), added up over the range per label set
//           (table) or over everything (value); logs show the lines of the rule's filter
import { queryTable, streamRows, type Row, type Table } from "./api";
import { bars, compact, cssVar, legend, lines, paletteColor, stackedBars, type Series } from "./chart";
import { metricRange, type MetricRule, type Panel } from "./dashapi";
import { displayTime } from "./zone";
import { durationMs, stepFor, stepText, type Resolved } from "./time";
import { fieldName, isTableQuery } from "./tokenizer";

/** Lines a logs (or plain table) panel shows: the newest ones; Explore has the rest. */
export const PANEL_LINES = 50;
const MAX_SERIES = 10;
/** Most bins a stats query's time column is spread over (past that, only the times found). */
const MAX_BINS = 2000;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace"];

export type PanelData =
  | { kind: "series"; xs: number[]; stepMs: number; startMs: number; endMs: number; series: Series[] }
  | { kind: "categories"; labels: string[]; values: number[] }
  | { kind: "table"; columns: string[]; rows: (string | null)[][] }
  | { kind: "value"; value: number | null; label: string }
  | { kind: "rows"; rows: Row[] };

export interface LoadContext {
  range: Resolved;
  rules: Map<string, MetricRule>;
  signal: AbortSignal;
}

// ---- loading --------------------------------------------------------------------------------

export async function loadPanel(panel: Panel, context: LoadContext): Promise<PanelData> {
  return panel.metric !== undefined && panel.metric !== null ? loadMetric(panel, panel.metric, context) : loadQuery(panel, context);
}

function stepOf(range: Resolved, atLeastMs = 0): number {
  return Math.max(stepFor(range.endMs - range.startMs), atLeastMs);
}

async function loadQuery(panel: Panel, context: LoadContext): Promise<PanelData> {
  const query = (panel.query ?? "").trim() || "*";
  const { range, signal } = context;
  const table = isTableQuery(query);
  switch (panel.type) {
    case "logs":
      return table ? tableData(await queryTable(query, range, signal)) : { kind: "rows", rows: await newestLines(query, context) };
    case "table":
      return table ? tableData(await queryTable(query, range, signal)) : linesTable(await newestLines(query, context));
    case "value":
      return valueOf(await queryTable(table ? query : `${query} | stats count()`, range, signal));
    case "timeseries":
    case "bars": {
      if (table) return statsData(await queryTable(query, range, signal), range, query);
      const step = stepOf(range);
      const byLevel = panel.type === "bars";
      const counted = `${query} | stats count() by (bin(_time, ${stepText(step)})${byLevel ? ", level" : ""})`;
      return countsPerStep(await queryTable(counted, range, signal), range, step, byLevel);
    }
  }
}

async function newestLines(query: string, context: LoadContext): Promise<Row[]> {
  const rows: Row[] = [];
  await streamRows(query, context.range, PANEL_LINES, (found) => rows.push(...found), context.signal);
  return rows;
}

function tableData(table: Table): PanelData {
  return { kind: "table", columns: table.columns, rows: table.rows };
}

/** Lines as a table: time, level, the other fields seen (a few), the message last. */
function linesTable(rows: Row[]): PanelData {
  const hidden = new Set(["_time", "level", "_msg", "_stream", "_stream_id", "_pattern"]);
  const others: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!hidden.has(key) && !others.includes(key)) others.push(key);
  }
  const columns = ["_time", "level", ...others.slice(0, 5), "_msg"];
  return { kind: "table", columns, rows: rows.map((row) => columns.map((column) => row[column] ?? null)) };
}

function isNumber(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && value !== "" && Number.isFinite(Number(value));
}

/** The first numeric result of the first row (a `stats` without `by` has exactly one row). */
function valueOf(table: Table): PanelData {
  const row = table.rows[0];
  const column = table.columns.findIndex((name, i) => !name.startsWith("bin(") && name !== "_time" && row !== undefined && isNumber(row[i]));
  if (row === undefined || column < 0) return { kind: "value", value: null, label: table.columns[table.columns.length - 1] ?? "" };
  return { kind: "value", value: Number(row[column]), label: table.columns[column] };
}

/** A stats table as a chart: a series per group over its time column, else one bar per row. */
function statsData(table: Table, range: Resolved, query: string): PanelData {
  const columns = table.columns.map((_, i) => i);
  const has = table.rows.length > 0;
  const numeric = columns.filter((i) => has && table.rows.every((row) => row[i] === null || row[i] === "" || isNumber(row[i])));
  const timeColumn = columns.find((i) => has && table.rows.every((row) => TIME.test(row[i] ?? "")));
  const valueColumn = numeric.find((i) => i !== timeColumn && !table.columns[i].startsWith("bin("));
  if (valueColumn === undefined) return tableData(table);
  const labelColumns = columns.filter((i) => i !== timeColumn && !numeric.includes(i));
  const labelOf = (row: (string | null)[]) => labelColumns.map((i) => row[i] ?? "").join(" / ") || table.columns[valueColumn];
  if (timeColumn === undefined) {
    const shown = table.rows.slice(0, 50);
    return { kind: "categories", labels: shown.map(labelOf), values: shown.map((row) => Number(row[valueColumn])) };
  }
  // Binned by bin(_time, STEP) (the column is _time): the bins of the whole range, so the chart
  // spans the range and a count or sum is 0 where no row came; other values leave a gap.
  // Otherwise the times found.
  const binStep = durationMs(/\bbin\(\s*_time\s*,\s*(\w+)\s*\)/.exec(query)?.[1] ?? "");
  const onGrid = binStep !== null && binStep > 0 && (range.endMs - range.startMs) / binStep <= MAX_BINS;
  const xs = onGrid ? grid(range, binStep) : [...new Set(table.rows.map((row) => Date.parse(row[timeColumn]!)))].sort((a, b) => a - b);
  const missing = onGrid && /^(count|sum)\(/.test(table.columns[valueColumn]) ? 0 : NaN;
  const index = new Map(xs.map((x, i) => [x, i]));
  const groups = new Map<string, number[]>();
  for (const row of table.rows) {
    const at = index.get(Date.parse(row[timeColumn]!));
    if (at === undefined) continue;
    const name = labelOf(row);
    if (!groups.has(name)) {
      if (groups.size >= MAX_SERIES) continue;
      groups.set(name, new Array(xs.length).fill(missing));
    }
    groups.get(name)![at] = Number(row[valueColumn]);
  }
  let stepMs = onGrid ? binStep : Infinity;
  for (let i = 1; i < xs.length; i++) stepMs = Math.min(stepMs, xs[i] - xs[i - 1]);
  if (!Number.isFinite(stepMs)) stepMs = stepOf(range);
  const series = [...groups].map(([name, values], i) => ({ name, values, color: seriesColor(name, i) }));
  return { kind: "series", xs, stepMs, startMs: xs[0] ?? range.startMs, endMs: range.endMs, series };
}

function grid(range: Resolved, stepMs: number): number[] {
  const xs: number[] = [];
  for (let t = Math.floor(range.startMs / stepMs) * stepMs; t < range.endMs; t += stepMs) xs.push(t);
  return xs;
}

/** Counts per time bin (and level) on the full grid of the range: a bin without lines is 0. */
function countsPerStep(table: Table, range: Resolved, stepMs: number, byLevel: boolean): PanelData {
  const xs = grid(range, stepMs);
  const first = xs[0] ?? range.startMs;
  const timeColumn = table.columns.findIndex((c) => c === "_time" || c.startsWith("bin("));
  const levelColumn = table.columns.indexOf("level");
  const countColumn = table.columns.indexOf("count()");
  const groups = new Map<string, number[]>();
  for (const row of table.rows) {
    const at = Math.round((Date.parse(row[timeColumn] ?? "") - first) / stepMs);
    if (!(at >= 0 && at < xs.length)) continue;
    const level = byLevel ? (row[levelColumn] ?? "").toLowerCase() : "lines";
    const name = byLevel && !LEVELS.includes(level) ? "other" : level;
    if (!groups.has(name)) groups.set(name, new Array(xs.length).fill(0));
    groups.get(name)![at] += Number(row[countColumn] ?? 0);
  }
  const names = [...groups.keys()].sort((a, b) => levelRank(a) - levelRank(b));
  const series = names.map((name, i) => ({ name, values: groups.get(name)!, color: seriesColor(name, i) }));
  return { kind: "series", xs, stepMs, startMs: first, endMs: range.endMs, series };
}

function levelRank(name: string): number {
  const rank = LEVELS.indexOf(name);
  return rank < 0 ? LEVELS.length : rank;
}

/** Level names take the level colours of the explore page; other series the palette. */
function seriesColor(name: string, index: number): string {
  const level = name.toLowerCase();
  if (LEVELS.includes(level) || level === "other") return cssVar(`--lv-${level}`);
  return paletteColor(index);
}

/** How the buckets of one series add up over the range, by the rule's aggregation. */
export function combine(aggregation: string, values: number[]): number | null {
  const finite = values.filter(Number.isFinite);
  if (aggregation === "count" || aggregation === "sum") return finite.reduce((a, b) => a + b, 0);
  if (finite.length === 0) return null;
  if (aggregation === "min") return Math.min(...finite);
  if (aggregation === "max") return Math.max(...finite);
  // avg and quantiles: the mean of the buckets, the approximation the range API makes too
  return finite.reduce((a, b) => a + b, 0) / finite.length;
}

function windowMs(rule: MetricRule | undefined): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(rule?.window ?? "10s");
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return match ? Number(match[1]) * unit[match[2]] : 10_000;
}

async function loadMetric(panel: Panel, name: string, context: LoadContext): Promise<PanelData> {
  const { range, signal } = context;
  const rule = context.rules.get(name);
  const by = panel.by ?? [];
  if (panel.type === "logs") {
    if (!rule) throw new Error(`no metric rule named ${name}: its lines cannot be shown`);
    return { kind: "rows", rows: await newestLines(rule.query, context) };
  }
  const stepMs = stepOf(range, windowMs(rule));
  const answer = await metricRange(name, range, stepText(stepMs), panel.type === "value" ? [] : by, signal);
  const labelText = (labels: Record<string, string>) => by.map((key) => labels[key] ?? "").join(" / ") || name;
  if (panel.type === "value") {
    const all = answer.series.flatMap((series) => series.values.map(([, value]) => value));
    return { kind: "value", value: combine(answer.aggregation, all), label: answer.aggregation };
  }
  if (panel.type === "table") {
    const rows = answer.series
      .map((series) => ({ labels: series.labels, value: combine(answer.aggregation, series.values.map(([, value]) => value)) }))
      .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    const columns = by.length ? [...by, answer.aggregation] : [name, answer.aggregation];
    return {
      kind: "table",
      columns,
      rows: rows.map((row) => [...(by.length ? by.map((key) => row.labels[key] ?? "") : [name]), row.value === null ? null : String(row.value)]),
    };
  }
  const xs = grid(range, stepMs);
  const additive = answer.aggregation === "count" || answer.aggregation === "sum";
  const first = xs[0] ?? range.startMs;
  // A bucket that ends after the newest closed window is not known yet: a gap, not a drop to 0.
  const closed = answer.closedThrough ?? Infinity;
  const series = answer.series.slice(0, MAX_SERIES).map((one, i) => {
    const values = xs.map((x) => (additive && x + stepMs <= closed ? 0 : NaN));
    for (const [time, value] of one.values) {
      const at = Math.round((time - first) / stepMs);
      if (at >= 0 && at < xs.length) values[at] = value;
    }
    const seriesName = labelText(one.labels);
    return { name: seriesName, values, color: seriesColor(seriesName, i) };
  });
  series.sort((a, b) => levelRank(a.name) - levelRank(b.name));
  return { kind: "series", xs, stepMs, startMs: first, endMs: range.endMs, series };
}

// ---- the query Explore runs for a panel ----------------------------------------------------------

/** The function of the query language that computes a rule's aggregation. */
function statsFunction(rule: MetricRule): string {
  const field = rule.field ? fieldName(rule.field) : "";
  const quantile = /^quantile\(([\d.]+)\)$/.exec(rule.aggregation);
  if (quantile) return `quantile(${quantile[1]}, ${field})`;
  return rule.aggregation === "count" ? "count()" : `${rule.aggregation}(${field})`;
}

/** What Explore runs when the panel is clicked: the panel's query, or the metric as a query. */
export function exploreQuery(panel: Panel, rules: Map<string, MetricRule>, range: Resolved): string {
  if (panel.metric === undefined || panel.metric === null) return (panel.query ?? "").trim() || "*";
  const rule = rules.get(panel.metric);
  if (!rule) return "*";
  if (panel.type === "logs") return rule.query;
  const by = (panel.by ?? []).map(fieldName);
  const groups =
    panel.type === "timeseries" || panel.type === "bars" ? [`bin(_time, ${stepText(stepOf(range, windowMs(rule)))})`, ...by] : panel.type === "table" ? by : [];
  return `${rule.query} | stats ${statsFunction(rule)}${groups.length ? ` by (${groups.join(", ")})` : ""}`;
}

// ---- drawing --------------------------------------------------------------------------------

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : Number(value.toPrecision(4)).toLocaleString("en-US");
}

function total(series: Series[]): number {
  return series.reduce((sum, one) => sum + one.values.filter(Number.isFinite).reduce((a, b) => a + b, 0), 0);
}

/** Draws the data into the panel's body; returns how to draw it again (resize, theme). */
export function drawPanel(body: HTMLElement, panel: Panel, data: PanelData): () => void {
  if (data.kind === "value") {
    body.replaceChildren(valueElement(data));
    return () => {};
  }
  if (data.kind === "rows") {
    body.replaceChildren(linesElement(data.rows));
    return () => {};
  }
  if (data.kind === "table" || panel.type === "table" || panel.type === "logs") {
    body.replaceChildren(tableElement(data.kind === "table" ? data : asTable(data)));
    return () => {};
  }
  const canvas = document.createElement("canvas");
  canvas.className = "dchart";
  const legendElement = document.createElement("div");
  legendElement.className = "legend";
  body.replaceChildren(legendElement, canvas);
  const draw = () => {
    if (!canvas.isConnected) return;
    if (data.kind === "categories") {
      canvas.dataset.kind = "bars";
      canvas.dataset.series = String(data.values.length);
      canvas.dataset.total = String(data.values.filter(Number.isFinite).reduce((a, b) => a + b, 0));
      bars(canvas, data.labels, data.values, cssVar("--accent"));
      return;
    }
    const stacked = panel.type === "bars";
    canvas.dataset.kind = stacked ? "stacked" : "lines";
    canvas.dataset.series = String(data.series.length);
    canvas.dataset.total = String(total(data.series));
    canvas.dataset.points = String(data.xs.length);
    legend(legendElement, data.series);
    if (stacked) {
      const zeroed = data.series.map((one) => ({ ...one, values: one.values.map((v) => (Number.isFinite(v) ? v : 0)) }));
      stackedBars(canvas, data.xs, data.stepMs, zeroed, data.startMs, data.endMs);
    } else {
      lines(canvas, data.xs, data.series);
    }
  };
  draw();
  if (data.kind === "series" && data.series.length === 0) {
    const note = document.createElement("div");
    note.className = "dempty";
    note.textContent = "No data in this time range.";
    body.append(note);
  }
  return draw;
}

function asTable(data: PanelData): { columns: string[]; rows: (string | null)[][] } {
  if (data.kind === "categories") return { columns: ["", "value"], rows: data.labels.map((label, i) => [label, String(data.values[i])]) };
  if (data.kind === "series") {
    return { columns: ["series", "total"], rows: data.series.map((one) => [one.name, String(total([one]))]) };
  }
  return { columns: [], rows: [] };
}

function valueElement(data: { value: number | null; label: string }): HTMLElement {
  const box = document.createElement("div");
  box.className = "dvalue";
  const number = document.createElement("div");
  number.className = "dnumber";
  number.dataset.value = data.value === null ? "" : String(data.value);
  number.textContent = data.value === null ? "–" : formatValue(data.value);
  number.title = data.value === null ? "no data in this time range" : String(data.value);
  if (data.value !== null && Math.abs(data.value) >= 1e6) number.textContent = compact(data.value);
  const caption = document.createElement("div");
  caption.className = "muted";
  caption.textContent = data.label;
  box.append(number, caption);
  return box;
}

function tableElement(data: { columns: string[]; rows: (string | null)[][] }): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "dtable";
  if (data.rows.length === 0) {
    wrap.append(empty());
    return wrap;
  }
  const table = document.createElement("table");
  const head = document.createElement("tr");
  for (const column of data.columns) {
    const th = document.createElement("th");
    th.textContent = column;
    head.append(th);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const row of data.rows) {
    const tr = document.createElement("tr");
    row.forEach((value, i) => {
      const td = document.createElement("td");
      td.textContent = data.columns[i] === "_time" && value ? displayTime(value) : (value ?? "");
      if (isNumber(value)) td.className = "num";
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(thead, body);
  wrap.append(table);
  return wrap;
}

function linesElement(rows: Row[]): HTMLElement {
  const list = document.createElement("div");
  list.className = "dlines";
  if (rows.length === 0) list.append(empty());
  for (const row of rows) {
    const level = (row.level ?? "").toLowerCase();
    const line = document.createElement("div");
    line.className = "dline" + (LEVELS.includes(level) ? ` lv-${level}` : "");
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = displayTime(row._time ?? "");
    const badge = document.createElement("span");
    badge.className = "lvl";
    badge.textContent = level || "·";
    const message = document.createElement("span");
    message.className = "msg";
    message.textContent = row._msg ?? "";
    message.title = row._msg ?? "";
    line.append(time, badge, message);
    list.append(line);
  }
  return list;
}

function empty(): HTMLElement {
  const note = document.createElement("div");
  note.className = "dempty";
  note.textContent = "No data in this time range.";
  return note;
}
