// The result rows, virtualised: every row has the same height, so the rows in view are
// rows[scrollTop / HEIGHT ...] and only those (plus a margin) exist in the DOM. 100 k rows cost
// one spacer element and about 70 row elements. Scrolling renders on the next frame and touches
// only the rows that came into or left the window; the others stay as they are.
import type { Row } from "./api";
import { displayTime } from "./zone";

export const ROW_HEIGHT = 22;
const OVERSCAN = 20;
const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace"]);

export class RowList {
  rows: Row[] = [];
  selected = -1;
  private frame = 0;
  /** The row elements in the page, by row index. */
  private readonly shown = new Map<number, HTMLElement>();
  /** Set when indices moved (new list, rows prepended): every element is rebuilt. */
  private stale = true;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly onSelect: (row: Row, index: number) => void,
    private readonly onNearEnd: () => void,
  ) {
    scroller.addEventListener("scroll", () => this.schedule());
    window.addEventListener("resize", () => this.schedule());
    scroller.addEventListener("click", (event) => {
      const target = (event.target as HTMLElement).closest<HTMLElement>(".row");
      if (!target) return;
      const index = Number(target.dataset.index);
      this.selected = index;
      for (const [i, element] of this.shown) element.classList.toggle("selected", i === index);
      this.onSelect(this.rows[index], index);
    });
  }

  set(rows: Row[]): void {
    this.rows = rows;
    this.emptyText = "";
    this.selected = -1;
    this.stale = true;
    this.scroller.scrollTop = 0;
    this.schedule();
  }

  append(rows: Row[]): void {
    for (const row of rows) this.rows.push(row);
    this.schedule();
  }

  /** New rows on top (live tail); keeps at most max rows and the view where the reader is. */
  prepend(rows: Row[], max: number): void {
    const added = rows.slice().reverse();
    this.rows = added.concat(this.rows);
    if (this.rows.length > max) this.rows.length = max;
    if (this.selected >= 0) this.selected += added.length;
    this.stale = true;
    if (this.scroller.scrollTop > 0) this.scroller.scrollTop += added.length * ROW_HEIGHT;
    this.schedule();
  }

  /** Draws every row again (the time zone changed). */
  redraw(): void {
    this.stale = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Shown in place of the rows when there are none (set once a search has finished). */
  emptyText = "";

  render(): void {
    this.spacer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    if (this.rows.length === 0) {
      const note = document.createElement("div");
      note.className = "empty";
      note.textContent = this.emptyText;
      this.spacer.replaceChildren(note);
      this.shown.clear();
      this.stale = true;
      return;
    }
    if (this.stale) {
      this.spacer.replaceChildren();
      this.shown.clear();
      this.stale = false;
    }
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    for (const [index, element] of this.shown) {
      if (index < first || index >= last) {
        element.remove();
        this.shown.delete(index);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      if (this.shown.has(i)) continue;
      const element = this.element(this.rows[i], i);
      this.shown.set(i, element);
      fragment.append(element);
    }
    this.spacer.append(fragment);
    if (this.rows.length > 0 && last >= this.rows.length - OVERSCAN) this.onNearEnd();
  }

  private element(row: Row, index: number): HTMLElement {
    const element = document.createElement("div");
    const level = (row.level ?? "").toLowerCase();
    element.className = "row" + (LEVELS.has(level) ? ` lv-${level}` : "") + (index === this.selected ? " selected" : "");
    if (row._context) element.classList.add(`ctx-${row._context}`);
    element.style.top = `${index * ROW_HEIGHT}px`;
    element.dataset.index = String(index);
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = displayTime(row._time ?? "");
    const badge = document.createElement("span");
    badge.className = "lvl";
    badge.textContent = level || "·";
    const message = document.createElement("span");
    message.className = "msg";
    const text = row._msg ?? summary(row);
    const lineBreak = text.indexOf("\n");
    // A multi-line message (a stack trace) shows its first line here, all of it in the side panel.
    message.textContent = lineBreak < 0 ? text : text.slice(0, lineBreak);
    if (lineBreak >= 0) {
      const more = document.createElement("span");
      more.className = "more";
      const lines = text.split("\n").length - 1;
      more.textContent = ` +${lines} line${lines === 1 ? "" : "s"}`;
      message.append(more);
    }
    element.append(time, badge, message);
    return element;
  }
}

function summary(row: Row): string {
  return Object.entries(row)
    .filter(([key]) => key !== "_time" && key !== "level")
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}
