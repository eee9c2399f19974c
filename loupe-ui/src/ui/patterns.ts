// The patterns tab (GET /api/v1/patterns): each pattern of the query's lines in the range with
// its count, a sparkline of its counts per step and a "new" badge; a click filters by it.
import { ApiError, patterns, type Pattern } from "./api";
import { sparkline } from "./chart";
import { stepText, type Resolved } from "./time";
import { displayTime } from "./zone";

export class PatternsTab {
  private shown: { list: Pattern[]; stepMs: number } | null = null;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly status: HTMLElement,
    private readonly onPick: (id: string) => void,
  ) {}

  async load(query: string, range: Resolved, step: string, signal: AbortSignal): Promise<void> {
    this.status.textContent = "mining…";
    this.table.replaceChildren();
    this.shown = null;
    try {
      const answer = await patterns(query, range, step, signal);
      if (signal.aborted) return;
      const lines = answer.patterns.reduce((sum, pattern) => sum + pattern.count, 0);
      const fresh = answer.patterns.filter((pattern) => pattern.new).length;
      this.status.textContent =
        `${answer.patterns.length.toLocaleString()} patterns of ${lines.toLocaleString()} lines` +
        (fresh ? ` · ${fresh} new in this range` : "") +
        ` · one point per ${stepText(answer.step_ms)}`;
      this.shown = { list: answer.patterns, stepMs: answer.step_ms };
      this.render();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.status.textContent = "";
        const note = document.createElement("caption");
        note.className = "unavailable";
        note.textContent = "Patterns are not available on this server. " + error.message;
        this.table.replaceChildren(note);
        return;
      }
      throw error;
    }
  }

  /** Draws the last answer again (the time zone changed). */
  redraw(): void {
    if (this.shown) this.render();
  }

  private render(): void {
    const { list, stepMs } = this.shown!;
    if (list.length === 0) {
      const note = document.createElement("caption");
      note.className = "unavailable";
      note.textContent = "No lines match in this time range: widen the range or loosen the query.";
      this.table.replaceChildren(note);
      return;
    }
    const head = document.createElement("tr");
    for (const [title, className] of [["count", "num"], ["trend", ""], ["pattern", ""], ["first seen", ""]]) {
      const th = document.createElement("th");
      th.textContent = title;
      if (className) th.className = className;
      head.append(th);
    }
    const rows = list.map((pattern) => this.row(pattern, stepMs));
    this.table.replaceChildren(head, ...rows);
  }

  private row(pattern: Pattern, stepMs: number): HTMLTableRowElement {
    const tr = document.createElement("tr");
    tr.className = "pattern";
    tr.dataset.id = pattern.id;
    tr.title = pattern.samples[0] ?? "";
    const count = document.createElement("td");
    count.className = "num";
    count.textContent = pattern.count.toLocaleString();
    const trend = document.createElement("td");
    const spark = sparkline(pattern.series);
    const peak = Math.max(0, ...pattern.series);
    spark.setAttribute("aria-label", `at most ${peak.toLocaleString()} lines per ${stepText(stepMs)}`);
    trend.append(spark);
    const template = document.createElement("td");
    template.className = "tpl";
    if (pattern.new) {
      const badge = document.createElement("span");
      badge.className = "badge-new";
      badge.textContent = "new";
      badge.title = "First seen inside this time range";
      template.append(badge);
    }
    const known = pattern.template !== null;
    template.append(
      document.createTextNode(
        known ? pattern.template! : pattern.id === "" ? "(lines stored before pattern mining was on)" : `(pattern ${pattern.id}, no longer kept)`,
      ),
    );
    if (!known) template.classList.add("muted");
    const first = document.createElement("td");
    first.className = "muted when";
    first.textContent = pattern.first_seen ? displayTime(pattern.first_seen).slice(0, 19) : "";
    tr.append(count, trend, template, first);
    if (pattern.id !== "") tr.addEventListener("click", () => this.onPick(pattern.id));
    else tr.classList.add("inert");
    return tr;
  }
}
