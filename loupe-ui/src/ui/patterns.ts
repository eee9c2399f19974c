// The patterns tab (GET /api/v1/patterns): each pattern of the query's lines in the range with
// its count, a sparkline of its counts per step and a "new" badge; a click filters by it.
import { ApiError, patterns, type Pattern } from "./api";
import { sparkline } from "./chart";
import type { Resolved } from "./time";

export class PatternsTab {
  constructor(
    private readonly table: HTMLTableElement,
    private readonly status: HTMLElement,
    private readonly onPick: (id: string) => void,
  ) {}

  async load(query: string, range: Resolved, step: string, signal: AbortSignal): Promise<void> {
    this.status.textContent = "mining…";
    this.table.replaceChildren();
    try {
      const answer = await patterns(query, range, step, signal);
      this.status.textContent = `${answer.patterns.length} patterns · step ${answer.step_ms / 1000}s`;
      this.render(answer.patterns);
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

  private render(list: Pattern[]): void {
    const head = document.createElement("tr");
    for (const title of ["count", "trend", "pattern", "first seen"]) {
      const th = document.createElement("th");
      th.textContent = title;
      head.append(th);
    }
    const rows = list.map((pattern) => {
      const tr = document.createElement("tr");
      tr.className = "pattern";
      tr.dataset.id = pattern.id;
      tr.title = pattern.samples[0] ?? "";
      const count = document.createElement("td");
      count.className = "num";
      count.textContent = pattern.count.toLocaleString();
      const trend = document.createElement("td");
      trend.append(sparkline(pattern.series));
      const template = document.createElement("td");
      template.className = "tpl";
      if (pattern.new) {
        const badge = document.createElement("span");
        badge.className = "badge-new";
        badge.textContent = "new";
        template.append(badge);
      }
      template.append(document.createTextNode(pattern.template));
      const first = document.createElement("td");
      first.className = "muted";
      first.textContent = (pattern.first_seen ?? "").replace("T", " ").slice(0, 19);
      tr.append(count, trend, template, first);
      tr.addEventListener("click", () => this.onPick(pattern.id));
      return tr;
    });
    this.table.replaceChildren(head, ...rows);
  }
}
