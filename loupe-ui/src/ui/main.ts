// Loupe's explore page: wires the query bar, time range, histogram, rows, side panel, stats view,
// live tail and patterns tab to the HTTP API. The view (query, range, tab) lives in the URL hash,
// so a link reproduces it.
import { ApiError, exportUrl, queryTable, streamRows, type QueryStatus, type Row } from "./api";
import { clearCanvas, cssVar, legend, stackedBars, type Series } from "./chart";
import { QueryBar, type Suggestion } from "./querybar";
import { RowList } from "./rowlist";
import { renderStats } from "./stats";
import { LiveTail } from "./tail";
import { PatternsTab } from "./patterns";
import { Dashboards } from "./dashboard";
import { PRESETS, formatNanos, label, nanosOf, resolve, stepFor, stepText, typedBound, type Resolved, type TimeRange } from "./time";
import { addFilter, exactFilter, fieldName, isTableQuery, quoteValue, splitPipes } from "./tokenizer";
import { displayTime, inputTime, setZone, zone, zoneName } from "./zone";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const FIRST_PAGE = 1000;
const NEXT_PAGE = 5000;
const MAX_ROWS = 200_000;
const LEVEL_ORDER = ["fatal", "error", "warn", "info", "debug", "trace", ""];

type Tab = "logs" | "patterns";

const state = {
  range: { from: "1h", to: "now" } as TimeRange,
  tab: "logs" as Tab,
  resolved: null as Resolved | null,
  running: null as AbortController | null,
  query: "",
  paging: false,
  exhausted: true,
  fieldsSeen: new Set<string>(),
};

const rowList = new RowList($("rows"), $("spacer"), (row) => openPanel(row), () => void loadMore());
const bar = new QueryBar($<HTMLInputElement>("q"), $("qhl"), $<HTMLUListElement>("ac"), suggest, () => run());
const tail = new LiveTail(
  { rate: $("tailRate"), dropped: $("tailDropped"), pause: $<HTMLButtonElement>("tailPause") },
  (rows) => {
    rows.forEach((row) => Object.keys(row).forEach((key) => state.fieldsSeen.add(key)));
    rowList.prepend(rows, MAX_ROWS);
    setStatus(`${rowList.rows.length.toLocaleString()} lines (live)`);
  },
  (error) => setStatus(error),
);
// The Dashboards page (#/dashboards…) shares the header; Explore stays idle while it shows.
const dashboards = new Dashboards($("dashPage"), $<HTMLAnchorElement>("navExplore"), $<HTMLAnchorElement>("navDashboards"));
const patternsTab = new PatternsTab($("patternsTable") as HTMLTableElement, $("patternsStatus"), (id) => {
  bar.value = addFilter(bar.value, `_pattern:${id}`);
  selectTab("logs");
  run();
});

// ---- URL state ------------------------------------------------------------------------------

function readUrl(): void {
  const hash = new URLSearchParams(location.hash.slice(1));
  bar.value = hash.get("q") ?? "";
  state.range = { from: hash.get("from") ?? "1h", to: hash.get("to") ?? "now" };
  state.tab = hash.get("tab") === "patterns" ? "patterns" : "logs";
}

function writeUrl(): void {
  const hash = new URLSearchParams({ q: bar.value, from: state.range.from, to: state.range.to, tab: state.tab });
  history.replaceState(null, "", "#" + hash.toString());
}

// ---- running a query ------------------------------------------------------------------------

function setStatus(text: string): void {
  $("status").textContent = text;
}

function showError(error: unknown): void {
  if (error instanceof DOMException && error.name === "AbortError") return;
  const box = $("qerror");
  if (error instanceof ApiError) {
    bar.showError(error.position, error.message);
    box.textContent = `${error.code}: ${error.message}`;
  } else {
    box.textContent = String(error instanceof Error ? error.message : error);
  }
  box.hidden = false;
}

function statusText(rows: number, status: QueryStatus): string {
  const parts = [`${rows.toLocaleString()} rows`];
  if (status.duration_ms !== undefined) parts.push(`${status.duration_ms.toFixed(1)} ms`);
  if (status.blocks_total !== undefined) parts.push(`${status.blocks_scanned ?? 0} of ${status.blocks_total} blocks read`);
  return parts.join(" · ");
}

function run(): void {
  if (dashboards.active()) return;
  state.running?.abort();
  const controller = new AbortController();
  state.running = controller;
  $("qerror").hidden = true;
  bar.showError(null, "");
  bar.closeList();
  state.query = bar.value.trim();
  bar.remember(state.query);
  try {
    state.resolved = resolve(state.range);
  } catch (error) {
    showError(error);
    return;
  }
  $("rangeBtn").textContent = label(state.range);
  writeUrl();
  updateExports();
  if (tail.active) tail.start(splitPipes(state.query).filters);
  if (state.tab === "patterns") {
    void patternsTab.load(splitPipes(state.query).filters || "*", state.resolved, stepText(stepFor(state.resolved.endMs - state.resolved.startMs)), controller.signal).catch(showError);
    return;
  }
  // A failed query shows no stale results of the one before it: the error says what went wrong.
  void histogram(controller.signal).catch((error) => {
    if (controller.signal.aborted) return;
    lastHistogram = null;
    clearCanvas($<HTMLCanvasElement>("histo"));
    $("histoLegend").replaceChildren();
    showError(error);
  });
  const results = isTableQuery(state.query) ? runTable(controller.signal) : runRows(controller.signal);
  void results.catch((error) => {
    if (controller.signal.aborted) return;
    rowList.set([]);
    lastStats = null;
    $("statsView").hidden = true;
    $("rows").hidden = false;
    setStatus("");
    showError(error);
  });
}

async function runRows(signal: AbortSignal): Promise<void> {
  $("statsView").hidden = true;
  $("rows").hidden = false;
  rowList.set([]);
  state.fieldsSeen.clear();
  // No paging until the first page is complete: its rows are still arriving.
  state.exhausted = true;
  setStatus("searching…");
  const resolved = state.resolved!;
  const status = await streamRows(state.query || "*", resolved, FIRST_PAGE, (rows) => {
    if (!signal.aborted) addRows(rows);
  }, signal);
  state.exhausted = rowList.rows.length < FIRST_PAGE || splitPipes(state.query).pipes !== "";
  rowList.emptyText = "No lines match in this time range: widen the range or loosen the query.";
  rowList.render();
  setStatus(statusText(rowList.rows.length, status) + (state.exhausted ? "" : " · scroll for more"));
}

function addRows(rows: Row[]): void {
  rows.forEach((row) => Object.keys(row).forEach((key) => state.fieldsSeen.add(key)));
  rowList.append(rows);
  updateExports();
}

/** The next page: rows older than the last one shown (same-time rows already shown skipped). */
async function loadMore(): Promise<void> {
  if (state.paging || state.exhausted || !state.resolved || rowList.rows.length >= MAX_ROWS) return;
  const last = rowList.rows[rowList.rows.length - 1]?._time;
  if (!last) return;
  state.paging = true;
  const signal = state.running?.signal ?? new AbortController().signal;
  let skip = rowList.rows.filter((row) => row._time === last).length;
  let received = 0;
  try {
    const range = { start: state.resolved.start, end: formatNanos(nanosOf(last) + 1n) };
    const status = await streamRows(state.query || "*", range, NEXT_PAGE, (rows) => {
      if (signal.aborted) return;
      received += rows.length;
      const fresh = rows.filter((row) => (row._time === last && skip > 0 ? (skip--, false) : true));
      addRows(fresh);
    }, signal);
    state.exhausted = received < NEXT_PAGE;
    setStatus(statusText(rowList.rows.length, status) + (state.exhausted ? "" : " · scroll for more"));
  } catch (error) {
    showError(error);
  } finally {
    state.paging = false;
  }
}

async function runTable(signal: AbortSignal): Promise<void> {
  $("rows").hidden = true;
  $("statsView").hidden = false;
  setStatus("computing…");
  const table = await queryTable(state.query, state.resolved!, signal);
  lastStats = () => renderStats(table, $<HTMLCanvasElement>("chart"), $("statsTable") as HTMLTableElement, $("legend"));
  lastStats();
  setStatus(statusText(table.rows.length, table._status ?? {}));
}

// ---- histogram ------------------------------------------------------------------------------

let lastHistogram: (() => void) | null = null;
let lastStats: (() => void) | null = null;

async function histogram(signal: AbortSignal): Promise<void> {
  const resolved = state.resolved!;
  const step = stepFor(resolved.endMs - resolved.startMs);
  const filters = splitPipes(state.query).filters || "*";
  const table = await queryTable(`${filters} | stats count() by (bin(_time, ${stepText(step)}), level)`, resolved, signal);
  const first = Math.floor(resolved.startMs / step) * step;
  const xs: number[] = [];
  for (let t = first; t < resolved.endMs; t += step) xs.push(t);
  const byLevel = new Map<string, number[]>();
  const timeColumn = table.columns.findIndex((c) => c === "_time" || c.startsWith("bin("));
  const levelColumn = table.columns.indexOf("level");
  const countColumn = table.columns.indexOf("count()");
  for (const row of table.rows) {
    const t = Date.parse(row[timeColumn] ?? "");
    const index = Math.round((t - first) / step);
    if (index < 0 || index >= xs.length) continue;
    const level = (row[levelColumn] ?? "").toLowerCase();
    const key = LEVEL_ORDER.includes(level) ? level : "";
    if (!byLevel.has(key)) byLevel.set(key, new Array(xs.length).fill(0));
    byLevel.get(key)![index] += Number(row[countColumn] ?? 0);
  }
  const series: Series[] = LEVEL_ORDER.filter((level) => byLevel.has(level)).map((level) => ({
    name: level || "other",
    color: cssVar(`--lv-${level || "other"}`),
    values: byLevel.get(level)!,
  }));
  legend($("histoLegend"), series);
  lastHistogram = () => stackedBars($<HTMLCanvasElement>("histo"), xs, step, series, first, resolved.endMs);
  lastHistogram();
}

function setupHistogramZoom(): void {
  const wrap = $("histoWrap");
  const canvas = $<HTMLCanvasElement>("histo");
  const selection = $("histoSel");
  let startX: number | null = null;
  const plotLeft = 44;
  const toTime = (x: number) => {
    const r = state.resolved!;
    const step = stepFor(r.endMs - r.startMs);
    const first = Math.floor(r.startMs / step) * step;
    const width = canvas.clientWidth - plotLeft - 8;
    return first + ((x - plotLeft) / width) * (r.endMs - first);
  };
  wrap.addEventListener("mousedown", (event) => {
    if (!state.resolved) return;
    startX = event.offsetX;
    selection.style.left = `${startX}px`;
    selection.style.width = "0px";
    selection.hidden = false;
  });
  window.addEventListener("mousemove", (event) => {
    if (startX === null) return;
    const x = Math.min(Math.max(event.clientX - canvas.getBoundingClientRect().left, plotLeft), canvas.clientWidth - 8);
    selection.style.left = `${Math.min(startX, x)}px`;
    selection.style.width = `${Math.abs(x - startX)}px`;
  });
  window.addEventListener("mouseup", (event) => {
    if (startX === null) return;
    const x = event.clientX - canvas.getBoundingClientRect().left;
    const from = startX;
    startX = null;
    selection.hidden = true;
    if (Math.abs(x - from) < 4) return;
    const a = toTime(Math.min(from, x));
    const b = toTime(Math.max(from, x));
    state.range = { from: new Date(Math.floor(a)).toISOString(), to: new Date(Math.ceil(b)).toISOString() };
    run();
  });
  // canvases are drawn for their size: draw again when it changes (window resized, side panel
  // opened or closed)
  const redraw = new ResizeObserver(() => {
    lastHistogram?.();
    if (!$("statsView").hidden) lastStats?.();
  });
  redraw.observe($("histoWrap"));
  redraw.observe($("statsView"));
}

// ---- side panel -----------------------------------------------------------------------------

let panelRow: Row | null = null;

function openPanel(row: Row): void {
  panelRow = row;
  const table = $("fields") as HTMLTableElement;
  table.replaceChildren(
    ...Object.entries(row).map(([key, value]) => {
      const tr = document.createElement("tr");
      const name = document.createElement("th");
      name.textContent = key;
      const cell = document.createElement("td");
      const text = document.createElement("span");
      text.className = "fv";
      text.textContent = value;
      text.title = "Filter by this value";
      if (key === "_time" && zone() === "local") {
        const shown = document.createElement("span");
        shown.className = "muted";
        shown.textContent = `  ${displayTime(value)} ${zoneName()}`;
        text.title = "";
        cell.append(text, shown);
      }
      text.dataset.field = key;
      const actions = document.createElement("td");
      actions.className = "acts";
      if (key !== "_time" && key !== "_context") {
        text.addEventListener("click", () => applyFilter(key, value, false));
        const include = button("+", "Include: " + key + ' = "' + value + '"', () => applyFilter(key, value, false));
        include.className = "btn tiny include";
        const exclude = button("−", "Exclude", () => applyFilter(key, value, true));
        exclude.className = "btn tiny exclude";
        actions.append(include, exclude);
      }
      if (!cell.hasChildNodes()) cell.append(text);
      tr.append(name, cell, actions);
      return tr;
    }),
  );
  $("ctx").replaceChildren();
  $("panel").hidden = false;
}

function button(text: string, title: string, action: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.textContent = text;
  b.title = title;
  b.addEventListener("click", action);
  return b;
}

function applyFilter(field: string, value: string, exclude: boolean): void {
  bar.value = addFilter(bar.value, exactFilter(field, value, exclude));
  closePanel();
  run();
}

function closePanel(): boolean {
  const wasOpen = !$("panel").hidden;
  $("panel").hidden = true;
  panelRow = null;
  return wasOpen;
}

async function showContext(): Promise<void> {
  const row = panelRow;
  if (!row || !row._time) return;
  const selector = row._stream_id ? `_stream_id:${quoteValue(row._stream_id)}` : row._stream ? `_stream:${row._stream}` : "";
  const message = row._msg !== undefined ? ` _msg:=${quoteValue(row._msg)}` : "";
  const query = `${selector} _time:[${row._time}, ${row._time}]${message} | context before 10 after 10`;
  const box = $("ctx");
  box.textContent = "loading…";
  try {
    const rows: Row[] = [];
    await streamRows(query, { start: "", end: "" }, 1, (found) => rows.push(...found), new AbortController().signal);
    box.replaceChildren(
      ...rows.map((r) => {
        const line = document.createElement("div");
        line.className = `ctxline ctx-${r._context ?? ""}`;
        line.textContent = `${displayTime(r._time ?? "")}  ${r._msg ?? ""}`;
        return line;
      }),
    );
  } catch (error) {
    box.textContent = error instanceof Error ? error.message : String(error);
  }
}

// ---- autocomplete ---------------------------------------------------------------------------

const valueCache = new Map<string, string[]>();

async function suggest(word: string, field: string | null): Promise<Suggestion[]> {
  if (field === null) {
    const prefix = word.replace(/^-/, "").toLowerCase();
    const names = new Set<string>([...state.fieldsSeen, "level", "_msg", "_stream", "_time"]);
    return [...names]
      .filter((name) => name.toLowerCase().startsWith(prefix) && name.toLowerCase() !== prefix)
      .sort()
      .map((name) => ({ text: (word.startsWith("-") ? "-" : "") + fieldName(name) + ":", hint: "field" }));
  }
  const typed = word.slice(word.indexOf(":") + 1).replace(/^=/, "");
  const key = `${splitPipes(state.query).filters}\u0000${field}`;
  let values = valueCache.get(key);
  if (!values && state.resolved) {
    try {
      const filters = splitPipes(state.query).filters || "*";
      const table = await queryTable(`${filters} | top 10 ${fieldName(field)}`, state.resolved, new AbortController().signal);
      values = table.rows.map((row) => row[0] ?? "").filter((v) => v !== "");
    } catch {
      values = [];
    }
    valueCache.set(key, values);
  }
  const prefix = word.slice(0, word.indexOf(":") + 1);
  return (values ?? [])
    .filter((value) => value.toLowerCase().startsWith(typed.replace(/^"/, "").toLowerCase()))
    .map((value) => ({ text: prefix + (/^[\w.\-/]+$/.test(value) ? value : quoteValue(value)), hint: "value" }));
}

// ---- tabs, range picker, exports, theme, keys -------------------------------------------------

function selectTab(tab: Tab): void {
  state.tab = tab;
  $("logsView").hidden = tab !== "logs";
  $("patternsView").hidden = tab !== "patterns";
  $("tabLogs").classList.toggle("active", tab === "logs");
  $("tabPatterns").classList.toggle("active", tab === "patterns");
  // the side panel shows a line of the logs view
  if (tab !== "logs") closePanel();
  writeUrl();
}

function updateExports(): void {
  if (!state.resolved) return;
  const filters = splitPipes(state.query).filters || "*";
  const fields = ["_time", "_stream", "level", "_msg", ...[...state.fieldsSeen].filter((f) => !["_time", "_stream", "level", "_msg"].includes(f)).sort()];
  $<HTMLAnchorElement>("exportCsv").href = exportUrl(filters, state.resolved, "csv", fields.slice(0, 40));
  $<HTMLAnchorElement>("exportNdjson").href = exportUrl(filters, state.resolved, "ndjson", []);
}

function setupRangePicker(): void {
  const pop = $("rangePop");
  $("rangeBtn").addEventListener("click", () => {
    pop.hidden = !pop.hidden;
    if (!pop.hidden && state.resolved) {
      $<HTMLInputElement>("absFrom").value = inputTime(state.resolved.startMs);
      $<HTMLInputElement>("absTo").value = state.range.to === "now" ? "now" : inputTime(state.resolved.endMs);
    }
  });
  $("presets").replaceChildren(
    ...PRESETS.map((preset) =>
      button(preset, `Last ${preset}`, () => {
        state.range = { from: preset, to: "now" };
        pop.hidden = true;
        run();
      }),
    ),
  );
  $("presets").querySelectorAll("button").forEach((b) => (b.className = "btn small preset"));
  $("absApply").addEventListener("click", () => {
    state.range = { from: typedBound($<HTMLInputElement>("absFrom").value), to: typedBound($<HTMLInputElement>("absTo").value) || "now" };
    pop.hidden = true;
    run();
  });
}

/** The UTC / local switch: every time on the page is drawn again in the other zone. */
function setupZone(): void {
  const button = $("tzBtn");
  const show = () => {
    button.textContent = zoneName();
    button.title = zone() === "utc" ? "Times in UTC; click for your browser's zone" : `Times in your browser's zone (${zoneName()}); click for UTC`;
    $<HTMLInputElement>("absFrom").placeholder = inputTime(Date.now() - 3_600_000);
    $("zoneNote").textContent = `Times without an offset are ${zone() === "utc" ? "UTC" : "in " + zoneName()}.`;
  };
  show();
  button.addEventListener("click", () => {
    setZone(zone() === "utc" ? "local" : "utc");
    show();
    $("rangeBtn").textContent = label(state.range);
    rowList.redraw();
    lastHistogram?.();
    lastStats?.();
    patternsTab.redraw();
    if (panelRow) openPanel(panelRow);
    if (dashboards.active()) dashboards.route(); // panels drawn again, their times in the zone
  });
}

function setupTheme(): void {
  $("themeBtn").addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("loupe.theme", next);
    // canvas colours come from the theme's variables: draw again
    if (state.tab === "logs") run();
  });
}

function setupKeys(): void {
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === "/" && !typing) {
      event.preventDefault();
      bar.input.focus();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Escape") {
      if (!closePanel()) $("rangePop").hidden = true;
    }
  });
}

function start(): void {
  readUrl();
  setupRangePicker();
  setupHistogramZoom();
  setupTheme();
  setupZone();
  setupKeys();
  $("run").addEventListener("click", () => run());
  $("panelClose").addEventListener("click", () => closePanel());
  $("ctxBtn").addEventListener("click", () => void showContext());
  $("tabLogs").addEventListener("click", () => {
    selectTab("logs");
    run();
  });
  $("tabPatterns").addEventListener("click", () => {
    selectTab("patterns");
    run();
  });
  $<HTMLInputElement>("tailToggle").addEventListener("change", (event) => {
    if ((event.target as HTMLInputElement).checked) {
      if (!$("statsView").hidden) {
        // a table query's rows are not lines: the tail shows lines, so start from an empty list
        $("statsView").hidden = true;
        $("rows").hidden = false;
        rowList.set([]);
      }
      tail.start(splitPipes(bar.value.trim()).filters);
    }
    else tail.stop();
  });
  addEventListener("hashchange", () => {
    if (dashboards.route()) return;
    readUrl();
    selectTab(state.tab);
    run();
  });
  if (!dashboards.route()) {
    selectTab(state.tab);
    run();
  }
  document.body.dataset.ready = "true";
}

start();

