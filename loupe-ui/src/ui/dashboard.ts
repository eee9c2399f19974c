// The Dashboards page: the list of saved dashboards (#/dashboards) and one dashboard
// (#/dashboards/ID?from=1h&to=now&refresh=30s) whose panels share one time range and refresh
// together. Dashboards are made, edited, deleted, imported and exported through the dashboards
// API; nothing is kept in the browser. A panel that fails shows its error and the others carry on.
import { ApiError } from "./api";
import {
  PANEL_TYPES,
  dashboardExists,
  dashboardUrl,
  deleteDashboard,
  getDashboard,
  listDashboards,
  metricRules,
  putDashboard,
  type Dashboard,
  type MetricRule,
  type Panel,
  type PanelType,
} from "./dashapi";
import { drawPanel, exploreQuery, loadPanel } from "./panels";
import { RangePicker } from "./rangepicker";
import { durationMs, resolve, type Resolved, type TimeRange } from "./time";
import { formatTime } from "./zone";

const ROUTE = "#/dashboards";
const REFRESH_CHOICES = ["0s", "5s", "10s", "30s", "1m", "5m", "15m", "1h"];
const TYPE_NAMES: Record<PanelType, string> = {
  timeseries: "Time series",
  bars: "Bars",
  table: "Table",
  value: "Single value",
  logs: "Log lines",
};

interface PanelView {
  element: HTMLElement;
  body: HTMLElement;
  link: HTMLAnchorElement;
  draw: () => void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text = ""): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

function button(text: string, title: string, action: () => void, className = "btn small"): HTMLButtonElement {
  const made = element("button", className, text);
  made.type = "button";
  made.title = title;
  made.addEventListener("click", action);
  return made;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** A part of the URL as typed, when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function refreshText(refresh: string): string {
  return durationMs(refresh) ? refresh : "off";
}

/** A dashboard id from a title: lower case letters, digits, _ and -, as the API wants. */
function idOf(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "")
    .slice(0, 64);
}

export class Dashboards {
  private dashboard: Dashboard | null = null;
  private rules = new Map<string, MetricRule>();
  private range: TimeRange = { from: "1h", to: "now" };
  private refresh = "0s";
  private timer = 0;
  private running: AbortController | null = null;
  private editing = false;
  private views: PanelView[] = [];
  private refreshes = 0;
  private exploreHash = "";
  private readonly picker: RangePicker;
  private readonly dialog: HTMLDialogElement;

  constructor(
    private readonly page: HTMLElement,
    private readonly navExplore: HTMLAnchorElement,
    navDashboards: HTMLAnchorElement,
  ) {
    this.picker = new RangePicker("dash", (range) => {
      this.range = range;
      this.writeUrl();
      void this.renderAll(true);
    });
    this.dialog = element("dialog", "ddialog");
    this.dialog.id = "dashDialog";
    document.body.append(this.dialog);
    // Explore's view is in its hash: the Explore link goes back to it.
    navDashboards.addEventListener("click", () => {
      if (!this.active()) this.exploreHash = location.hash;
    });
    // On Explore already, its link would reset the view to an empty query: stay.
    navExplore.addEventListener("click", (event) => {
      if (!this.active()) event.preventDefault();
    });
    addEventListener("resize", () => this.views.forEach((view) => view.draw()));
    // Canvas colours come from the theme's variables: draw again when it switches.
    new MutationObserver(() => {
      if (this.dashboard && this.active()) void this.renderAll(true);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  active(): boolean {
    return /^#\/dashboards(\/|\?|$)/.test(location.hash);
  }

  /** Shows the page the hash names; false when the hash is Explore's (nothing done then). */
  route(): boolean {
    const active = this.active();
    document.body.dataset.page = active ? "dashboards" : "explore";
    this.page.hidden = !active;
    this.navExplore.href = this.exploreHash || "#";
    if (!active) {
      this.close();
      return false;
    }
    const rest = location.hash.slice(ROUTE.length);
    const [path, search] = rest.split("?", 2);
    const id = decoded(path.replace(/^\//, ""));
    if (id === "") void this.showList();
    else void this.open(id, new URLSearchParams(search ?? ""));
    return true;
  }

  private close(): void {
    clearInterval(this.timer);
    this.timer = 0;
    this.running?.abort();
    this.running = null;
    this.dashboard = null;
    this.views = [];
  }

  // ---- the list -------------------------------------------------------------------------------

  private async showList(): Promise<void> {
    this.close();
    this.editing = false;
    this.page.dataset.view = "list";
    delete this.page.dataset.id;
    const make = button("New dashboard", "Make an empty dashboard", () => this.newDialog(), "btn primary");
    make.id = "dashNew";
    const importing = button("Import", "Import a dashboard from its JSON", () => this.importDialog(), "btn");
    importing.id = "dashImport";
    const bar = element("div", "dashbar");
    bar.append(element("h2", "", "Dashboards"), element("span", "grow"), make, importing);
    const list = element("div", "dashlist");
    list.id = "dashList";
    const status = element("div", "status muted", "loading…");
    this.page.replaceChildren(bar, status, list);
    try {
      const dashboards = await listDashboards();
      status.textContent = `${dashboards.length} dashboard${dashboards.length === 1 ? "" : "s"}`;
      list.replaceChildren(
        ...dashboards.map((dashboard) => {
          const card = element("a", "dashcard");
          card.href = `${ROUTE}/${encodeURIComponent(dashboard.id)}`;
          card.dataset.id = dashboard.id;
          const types = [...new Set(dashboard.panels.map((panel) => TYPE_NAMES[panel.type] ?? panel.type))].join(", ");
          card.append(
            element("b", "", dashboard.title),
            element("span", "muted", `${dashboard.panels.length} panel${dashboard.panels.length === 1 ? "" : "s"} · last ${dashboard.from} · refresh ${refreshText(dashboard.refresh)}`),
            element("span", "muted small", types || "no panels yet"),
          );
          return card;
        }),
      );
    } catch (error) {
      status.textContent = messageOf(error);
      status.classList.add("derror");
    }
  }

  // ---- one dashboard --------------------------------------------------------------------------

  private async open(id: string, search: URLSearchParams): Promise<void> {
    this.close();
    this.page.dataset.view = "dashboard";
    this.page.dataset.id = id;
    this.page.replaceChildren(element("div", "status muted", "loading…"));
    let dashboard: Dashboard;
    try {
      const [loaded, rules] = await Promise.all([getDashboard(id), metricRules().catch(() => [] as MetricRule[])]);
      dashboard = loaded;
      this.rules = new Map(rules.map((rule) => [rule.name, rule]));
    } catch (error) {
      const note = element("div", "status derror", messageOf(error));
      const back = element("a", "btn small", "◂ Dashboards");
      back.href = ROUTE;
      this.page.replaceChildren(note, back);
      return;
    }
    if (this.page.dataset.id !== id || !this.active()) return; // navigated away meanwhile
    this.dashboard = dashboard;
    this.range = { from: search.get("from") ?? dashboard.from, to: search.get("to") ?? "now" };
    this.refresh = search.get("refresh") ?? dashboard.refresh;
    this.build();
    this.setTimer();
    await this.renderAll(true);
  }

  private writeUrl(): void {
    if (!this.dashboard) return;
    const search = new URLSearchParams({ from: this.range.from, to: this.range.to, refresh: this.refresh });
    history.replaceState(null, "", `${ROUTE}/${encodeURIComponent(this.dashboard.id)}?${search.toString()}`);
  }

  private setTimer(): void {
    clearInterval(this.timer);
    this.timer = 0;
    const every = durationMs(this.refresh) ?? 0;
    // Under a second would re-run every panel's query many times a second: not a choice offered.
    // A tab in the background asks nothing; it catches up at the next tick once shown.
    if (every >= 1000) this.timer = window.setInterval(() => document.hidden || void this.renderAll(false), every);
  }

  private build(): void {
    const dashboard = this.dashboard!;
    this.page.classList.toggle("editing", this.editing);
    const back = element("a", "btn small", "◂ Dashboards");
    back.href = ROUTE;
    const title = element("h2", "", dashboard.title);
    title.id = "dashTitle";
    const status = element("span", "muted small");
    status.id = "dashStatus";
    const refresh = element("select", "btn");
    refresh.id = "dashRefresh";
    refresh.title = "Auto-refresh";
    const choices = REFRESH_CHOICES.includes(this.refresh) ? REFRESH_CHOICES : [...REFRESH_CHOICES, this.refresh];
    for (const choice of choices) {
      const option = element("option", "", choice === "0s" ? "Auto-refresh off" : `Every ${choice}`);
      option.value = choice;
      refresh.append(option);
    }
    refresh.value = this.refresh;
    refresh.addEventListener("change", () => {
      this.refresh = refresh.value;
      this.writeUrl();
      this.setTimer();
    });
    this.picker.set(this.range);
    const exportLink = element("a", "btn", "Export");
    exportLink.id = "dashExport";
    exportLink.href = dashboardUrl(dashboard.id);
    exportLink.download = `${dashboard.id}.json`;
    exportLink.title = "Download the dashboard's JSON (import it here or on another server)";
    const reload = button("↻", "Refresh now", () => void this.renderAll(true), "btn");
    reload.id = "dashReload";
    const edit = button(this.editing ? "Done" : "Edit", this.editing ? "Leave edit mode" : "Add, change and remove panels", () => this.toggleEdit(), "btn");
    edit.id = "dashEdit";
    const bar = element("div", "dashbar");
    bar.append(back, title, status, element("span", "grow"), this.picker.element, refresh, reload, edit, exportLink);
    const isOverview = dashboard.id === "overview";
    const add = button("Add panel", "Add a panel", () => this.panelDialog(null), "btn primary");
    add.id = "dashAddPanel";
    const settings = button("Settings", "Title, default range and auto-refresh", () => this.settingsDialog(), "btn");
    settings.id = "dashSettings";
    const remove = button(
      isOverview ? "Reset to default" : "Delete dashboard",
      isOverview ? "Delete the saved overview; the built-in one comes back" : "Delete this dashboard",
      () => void this.deleteThis(),
      "btn danger",
    );
    remove.id = "dashDelete";
    const editBar = element("div", "dasheditbar");
    editBar.hidden = !this.editing;
    editBar.append(add, settings, remove);
    const grid = element("div", "dashgrid");
    grid.id = "dashGrid";
    this.views = dashboard.panels.map((panel, index) => this.panelView(panel, index));
    grid.append(...this.views.map((view) => view.element));
    if (dashboard.panels.length === 0) {
      const note = element("div", "dempty", "No panels yet: ");
      note.append(button("Add a panel", "Add a panel", () => this.panelDialog(null), "btn small primary"));
      grid.append(note);
    }
    this.page.replaceChildren(bar, editBar, grid);
  }

  private panelView(panel: Panel, index: number): PanelView {
    const article = element("article", `dpanel dpanel-${panel.type}`);
    article.dataset.index = String(index);
    article.dataset.type = panel.type;
    article.dataset.state = "loading";
    const head = element("header", "dpanel-head");
    const link = element("a", "dpanel-title", panel.title || panel.query || panel.metric || "untitled");
    link.title = "Open in Explore";
    const source = element("span", "dpanel-source muted", panel.metric ? `metric ${panel.metric}${panel.by?.length ? " by " + panel.by.join(", ") : ""}` : "");
    head.append(link, source, element("span", "grow"));
    if (this.editing) {
      const last = (this.dashboard?.panels.length ?? 1) - 1;
      const edit = button("✎", "Edit this panel", () => this.panelDialog(index), "btn tiny dpanel-edit");
      const earlier = button("↑", "Move earlier", () => void this.movePanel(index, -1), "btn tiny");
      const later = button("↓", "Move later", () => void this.movePanel(index, 1), "btn tiny");
      earlier.disabled = index === 0;
      later.disabled = index === last;
      const remove = button("✕", "Delete this panel", () => void this.deletePanel(index), "btn tiny dpanel-delete");
      head.append(earlier, later, edit, remove);
    }
    const body = element("div", "dpanel-body");
    // A click on a chart, value or line opens Explore too (tables stay selectable).
    body.addEventListener("click", (event) => {
      if (this.editing || (event.target as HTMLElement).closest(".dtable")) return;
      location.hash = link.getAttribute("href") ?? "";
    });
    article.append(head, body);
    return { element: article, body, link, draw: () => {} };
  }

  /**
   * Loads and draws every panel for the range resolved now. A forced run replaces one in flight;
   * the timer's run is skipped while one is in flight (a slow server is not asked twice).
   */
  private async renderAll(force: boolean): Promise<void> {
    const dashboard = this.dashboard;
    if (!dashboard) return;
    if (this.running && !force) return;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const status = this.page.querySelector<HTMLElement>("#dashStatus");
    let range: Resolved;
    try {
      range = resolve(this.range);
    } catch (error) {
      if (status) status.textContent = messageOf(error);
      this.running = null;
      return;
    }
    if (status) status.textContent = "updating…";
    const views = this.views;
    await Promise.all(dashboard.panels.map((panel, index) => this.renderPanel(panel, views[index], range, controller.signal)));
    if (controller.signal.aborted) return;
    this.running = null;
    this.refreshes++;
    this.page.dataset.refreshes = String(this.refreshes);
    if (status) status.textContent = `updated ${formatTime(Date.now(), "s").slice(11)}`; // in the zone shown
  }

  private async renderPanel(panel: Panel, view: PanelView, range: Resolved, signal: AbortSignal): Promise<void> {
    const query = exploreQuery(panel, this.rules, range);
    view.link.href = "#" + new URLSearchParams({ q: query, from: this.range.from, to: this.range.to, tab: "logs" }).toString();
    view.link.title = `Open in Explore: ${query}`;
    try {
      const data = await loadPanel(panel, { range, rules: this.rules, signal });
      if (signal.aborted) return;
      view.draw = drawPanel(view.body, panel, data);
      view.element.dataset.state = "ok";
    } catch (error) {
      if (signal.aborted || (error instanceof DOMException && error.name === "AbortError")) return;
      view.draw = () => {};
      view.element.dataset.state = "error";
      const box = element("div", "dpanel-error");
      box.append(element("div", "", messageOf(error)));
      if (error instanceof ApiError && error.position !== null && panel.query) {
        // the query with the place the server's parser stopped at underlined
        const text = element("pre", "dpanel-query");
        const at = Math.min(error.position, panel.query.length);
        const end = Math.max(at + 1, panel.query.slice(at).search(/\s|$/) + at);
        text.append(panel.query.slice(0, at), element("span", "qerr", panel.query.slice(at, end) || " "), panel.query.slice(end));
        box.append(text);
      }
      view.body.replaceChildren(box);
    }
  }

  // ---- editing --------------------------------------------------------------------------------

  private toggleEdit(): void {
    this.editing = !this.editing;
    this.build();
    void this.renderAll(true);
  }

  /** Saves the dashboard with these changes; shows it as the server stored it. */
  private async save(changed: Dashboard): Promise<void> {
    const stored = await putDashboard(changed, changed.id);
    if (this.page.dataset.id !== stored.id) return;
    this.dashboard = stored;
    this.build();
    this.setTimer();
    await this.renderAll(true);
  }

  private async movePanel(index: number, by: number): Promise<void> {
    const dashboard = this.dashboard!;
    const panels = dashboard.panels.slice();
    const [moved] = panels.splice(index, 1);
    panels.splice(index + by, 0, moved);
    await this.save({ ...dashboard, panels }).catch((error) => this.flash(messageOf(error)));
  }

  private async deletePanel(index: number): Promise<void> {
    const dashboard = this.dashboard!;
    const panel = dashboard.panels[index];
    if (!confirm(`Delete the panel "${panel.title || panel.query || panel.metric}"?`)) return;
    const panels = dashboard.panels.filter((_, i) => i !== index);
    await this.save({ ...dashboard, panels }).catch((error) => this.flash(messageOf(error)));
  }

  private async deleteThis(): Promise<void> {
    const dashboard = this.dashboard!;
    const overview = dashboard.id === "overview";
    if (!confirm(overview ? "Delete the saved overview and bring back the built-in one?" : `Delete the dashboard "${dashboard.title}"?`)) return;
    try {
      await deleteDashboard(dashboard.id);
    } catch (error) {
      if (overview && error instanceof ApiError && error.status === 404) {
        this.flash("This is the built-in overview already.");
        return;
      }
      this.flash(messageOf(error));
      return;
    }
    if (overview) {
      this.editing = false;
      await this.open(dashboard.id, new URLSearchParams());
    } else {
      location.hash = ROUTE;
    }
  }

  private flash(text: string): void {
    const status = this.page.querySelector<HTMLElement>("#dashStatus");
    if (status) status.textContent = text;
  }

  // ---- dialogs --------------------------------------------------------------------------------

  private showDialog(title: string, fields: HTMLElement[], action: string, onAction: (error: HTMLElement) => Promise<void>): void {
    const error = element("div", "derror");
    error.id = "dialogError";
    const ok = button(action, action, () => {
      error.textContent = "";
      ok.disabled = true;
      onAction(error)
        .catch((failure) => (error.textContent = messageOf(failure)))
        .finally(() => (ok.disabled = false));
    }, "btn primary");
    ok.id = "dialogOk";
    const cancel = button("Cancel", "Close without saving", () => this.dialog.close(), "btn");
    const actions = element("div", "dactions");
    actions.append(error, element("span", "grow"), cancel, ok);
    const form = element("div", "dform");
    form.append(element("h3", "", title), ...fields, actions);
    this.dialog.replaceChildren(form);
    this.dialog.showModal();
  }

  private field(labelText: string, input: HTMLElement, hint = ""): HTMLElement {
    const row = element("label", "dfield");
    row.append(element("span", "dlabel", labelText), input);
    if (hint) row.append(element("small", "muted", hint));
    return row;
  }

  private input(id: string, value = "", placeholder = ""): HTMLInputElement {
    const input = element("input");
    input.id = id;
    input.type = "text";
    input.value = value;
    input.placeholder = placeholder;
    input.spellcheck = false;
    return input;
  }

  private newDialog(): void {
    const title = this.input("dashNewTitle", "", "Checkout");
    const idNote = element("small", "muted", "id: –");
    title.addEventListener("input", () => (idNote.textContent = `id: ${idOf(title.value) || "–"}`));
    const titleField = this.field("Title", title);
    titleField.append(idNote);
    this.showDialog("New dashboard", [titleField], "Create", async (error) => {
      const id = idOf(title.value);
      if (!id) {
        error.textContent = "Give a title with a letter or digit: it makes the dashboard's id.";
        return;
      }
      if (await dashboardExists(id)) {
        error.textContent = `A dashboard with the id ${id} exists: choose another title.`;
        return;
      }
      await putDashboard({ id, title: title.value.trim(), from: "1h", refresh: "0s", panels: [] }, id);
      this.dialog.close();
      this.editing = true;
      location.hash = `${ROUTE}/${encodeURIComponent(id)}`;
    });
    title.focus();
  }

  private importDialog(): void {
    const text = element("textarea", "dcode");
    text.id = "dashImportText";
    text.rows = 12;
    text.spellcheck = false;
    text.placeholder = '{"id":"payments","title":"Payments","from":"6h","refresh":"30s","panels":[…]}';
    const file = element("input");
    file.type = "file";
    file.id = "dashImportFile";
    file.accept = ".json,application/json";
    file.addEventListener("change", async () => {
      const chosen = file.files?.[0];
      if (chosen) text.value = await chosen.text();
    });
    const replace = element("input");
    replace.type = "checkbox";
    replace.id = "dashImportReplace";
    const replaceLabel = element("label", "dcheck");
    replaceLabel.append(replace, " Replace the dashboard of the same id if there is one");
    this.showDialog(
      "Import a dashboard",
      [this.field("JSON file", file), this.field("or paste its JSON", text, "The document an Export downloads (GET /api/v1/dashboards/ID)."), replaceLabel],
      "Import",
      async (error) => {
        let document: unknown;
        try {
          document = JSON.parse(text.value);
        } catch (failure) {
          error.textContent = `This is not JSON: ${failure instanceof Error ? failure.message : failure}`;
          return;
        }
        const id = (document as { id?: unknown } | null)?.id;
        if (typeof document !== "object" || document === null || Array.isArray(document) || typeof id !== "string") {
          error.textContent = 'A dashboard is a JSON object with an "id" (and a title, a range, panels).';
          return;
        }
        if (!replace.checked && (await dashboardExists(id))) {
          error.textContent = `A dashboard with the id ${id} exists: tick "Replace" to overwrite it, or change the id.`;
          return;
        }
        await putDashboard(document, id);
        this.dialog.close();
        this.editing = false;
        location.hash = `${ROUTE}/${encodeURIComponent(id)}`;
      },
    );
  }

  private settingsDialog(): void {
    const dashboard = this.dashboard!;
    const title = this.input("dashSetTitle", dashboard.title);
    const from = this.input("dashSetFrom", dashboard.from, "1h");
    const refresh = element("select");
    refresh.id = "dashSetRefresh";
    for (const choice of REFRESH_CHOICES.includes(dashboard.refresh) ? REFRESH_CHOICES : [...REFRESH_CHOICES, dashboard.refresh]) {
      const option = element("option", "", choice === "0s" ? "off" : choice);
      option.value = choice;
      refresh.append(option);
    }
    refresh.value = dashboard.refresh;
    this.showDialog(
      "Dashboard settings",
      [this.field("Title", title), this.field("Default range", from, "How far back from now the panels look: 15m, 1h, 24h, 7d."), this.field("Auto-refresh", refresh)],
      "Save",
      async () => {
        const changed = { ...dashboard, title: title.value.trim() || dashboard.id, from: from.value.trim(), refresh: refresh.value };
        const stored = await putDashboard(changed, changed.id);
        this.dialog.close();
        if (this.page.dataset.id !== stored.id) return;
        this.dashboard = stored;
        this.range = { from: stored.from, to: "now" };
        this.refresh = stored.refresh;
        this.writeUrl();
        this.build();
        this.setTimer();
        await this.renderAll(true);
      },
    );
  }

  private panelDialog(index: number | null): void {
    const dashboard = this.dashboard!;
    const panel: Panel = index === null ? { type: "timeseries", query: "" } : dashboard.panels[index];
    const title = this.input("peTitle", panel.title ?? "", "Errors per minute");
    const type = element("select");
    type.id = "peType";
    for (const name of PANEL_TYPES) {
      const option = element("option", "", TYPE_NAMES[name]);
      option.value = name;
      type.append(option);
    }
    type.value = panel.type;
    const fromMetric = panel.metric !== undefined && panel.metric !== null;
    const sourceQuery = this.radio("peSourceQuery", "Query", !fromMetric);
    const sourceMetric = this.radio("peSourceMetric", "Metric", fromMetric);
    const sources = element("div", "dradios");
    sources.append(sourceQuery.label, sourceMetric.label);
    const query = element("textarea", "dcode");
    query.id = "peQuery";
    query.rows = 3;
    query.spellcheck = false;
    query.value = panel.query ?? "";
    query.placeholder = "service:checkout level:error   or   * | stats count() by (bin(_time, 1m), level)";
    const metric = element("select");
    metric.id = "peMetric";
    for (const rule of this.rules.values()) {
      const option = element("option", "", rule.description ? `${rule.name} — ${rule.description}` : rule.name);
      option.value = rule.name;
      metric.append(option);
    }
    if (fromMetric && !this.rules.has(panel.metric!)) {
      const option = element("option", "", `${panel.metric} (no such rule now)`);
      option.value = panel.metric!;
      metric.append(option);
    }
    if (fromMetric) metric.value = panel.metric!;
    const by = element("div", "dradios");
    by.id = "peBy";
    const fillBy = () => {
      const rule = this.rules.get(metric.value);
      const chosen = new Set(metric.value === panel.metric ? (panel.by ?? []) : []);
      by.replaceChildren(
        ...(rule?.by ?? []).map((label) => {
          const box = element("input");
          box.type = "checkbox";
          box.value = label;
          box.checked = chosen.has(label);
          const wrap = element("label", "dcheck");
          wrap.append(box, " " + label);
          return wrap;
        }),
      );
      if (!rule?.by.length) by.append(element("small", "muted", "this metric has no labels"));
    };
    metric.addEventListener("change", fillBy);
    fillBy();
    const queryField = this.field("Query", query, "The query language of Explore. A plain filter is counted per step (time series, bars) or over the range (single value).");
    const metricField = this.field("Metric", metric, "A log-derived metric rule (GET /api/v1/metrics/rules).");
    const byField = this.field("Group by", by, "No label ticked: one series, every group added up.");
    const showSource = () => {
      const metricChosen = sourceMetric.input.checked;
      queryField.hidden = metricChosen;
      metricField.hidden = !metricChosen;
      byField.hidden = !metricChosen;
    };
    sourceQuery.input.addEventListener("change", showSource);
    sourceMetric.input.addEventListener("change", showSource);
    showSource();
    this.showDialog(
      index === null ? "Add a panel" : "Edit the panel",
      [this.field("Title", title), this.field("Type", type), this.field("Source", sources), queryField, metricField, byField],
      "Save",
      async (error) => {
        const made: Panel = { title: title.value.trim() || undefined, type: type.value as PanelType };
        if (sourceMetric.input.checked) {
          if (!metric.value) {
            error.textContent = "Choose a metric (there is no metric rule on this server).";
            return;
          }
          made.metric = metric.value;
          made.by = [...by.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
        } else {
          made.query = query.value.trim() || "*";
        }
        const panels = dashboard.panels.slice();
        if (index === null) panels.push(made);
        else panels[index] = made;
        await this.save({ ...dashboard, panels });
        this.dialog.close();
      },
    );
    title.focus();
  }

  private radio(id: string, text: string, checked: boolean): { input: HTMLInputElement; label: HTMLLabelElement } {
    const input = element("input");
    input.type = "radio";
    input.name = "peSource";
    input.id = id;
    input.checked = checked;
    const label = element("label", "dcheck");
    label.append(input, " " + text);
    return { input, label };
  }
}
