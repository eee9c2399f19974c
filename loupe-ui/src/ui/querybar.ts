// The query bar: a plain <input> over a highlighted copy of its text (same font and padding, the
// input's own text transparent), autocomplete of field names and values, history in
// localStorage, and the server's syntax error underlined at its position.
import { tokenize } from "./tokenizer";

const HISTORY_KEY = "loupe.history";
const HISTORY_MAX = 50;

export interface Suggestion {
  text: string; // what replaces the word at the caret
  hint: string;
}

export type Suggester = (word: string, field: string | null) => Promise<Suggestion[]>;

export class QueryBar {
  private error: { position: number; message: string } | null = null;
  private suggestions: Suggestion[] = [];
  private active = -1;
  private suggestSeq = 0;

  constructor(
    readonly input: HTMLInputElement,
    private readonly highlight: HTMLElement,
    private readonly list: HTMLUListElement,
    private readonly suggester: Suggester,
    private readonly onRun: () => void,
  ) {
    input.addEventListener("input", () => {
      this.error = null;
      this.render();
      void this.suggest();
    });
    input.addEventListener("scroll", () => (highlight.scrollLeft = input.scrollLeft));
    input.addEventListener("focus", () => void this.suggest());
    input.addEventListener("blur", () => setTimeout(() => this.closeList(), 150));
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("click", () => void this.suggest());
    this.render();
  }

  get value(): string {
    return this.input.value;
  }

  set value(text: string) {
    this.input.value = text;
    this.error = null;
    this.render();
  }

  showError(position: number | null, message: string): void {
    this.error = position === null ? null : { position, message };
    this.render();
  }

  remember(query: string): void {
    if (!query.trim()) return;
    const history = QueryBar.history().filter((q) => q !== query);
    history.unshift(query);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(0, HISTORY_MAX)));
  }

  static history(): string[] {
    try {
      const saved = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
      return Array.isArray(saved) ? saved.filter((q) => typeof q === "string") : [];
    } catch {
      return [];
    }
  }

  closeList(): boolean {
    this.suggestSeq++; // suggestions still on their way are for a list no longer wanted
    const wasOpen = !this.list.hidden;
    this.list.hidden = true;
    this.suggestions = [];
    this.active = -1;
    return wasOpen;
  }

  private render(): void {
    const text = this.input.value;
    const fragment = document.createDocumentFragment();
    const error = this.error;
    for (const token of tokenize(text)) {
      if (error && error.position >= token.start && error.position < token.end) {
        this.appendSpan(fragment, token.kind, text.slice(token.start, error.position));
        const bad = document.createElement("span");
        bad.className = `t-${token.kind} qerr`;
        bad.dataset.position = String(error.position);
        bad.title = error.message;
        bad.textContent = text.slice(error.position, token.end);
        fragment.append(bad);
      } else {
        this.appendSpan(fragment, token.kind, token.text);
      }
    }
    if (error && error.position >= text.length) {
      const bad = document.createElement("span");
      bad.className = "qerr qerr-end";
      bad.dataset.position = String(error.position);
      bad.title = error.message;
      bad.textContent = " ";
      fragment.append(bad);
    }
    this.highlight.replaceChildren(fragment);
    this.highlight.scrollLeft = this.input.scrollLeft;
  }

  private appendSpan(parent: DocumentFragment, kind: string, text: string): void {
    if (!text) return;
    const span = document.createElement("span");
    span.className = `t-${kind}`;
    span.textContent = text;
    parent.append(span);
  }

  /** The word being typed at the caret and, for field:value, its field. */
  private wordAtCaret(): { start: number; end: number; word: string; field: string | null } {
    const text = this.input.value;
    const caret = this.input.selectionStart ?? text.length;
    let start = caret;
    while (start > 0 && !/[\s()|,]/.test(text[start - 1])) start--;
    let end = caret;
    while (end < text.length && !/[\s()|,]/.test(text[end])) end++;
    const word = text.slice(start, caret);
    const colon = word.indexOf(":");
    const field = colon > 0 ? word.slice(word.startsWith("-") ? 1 : 0, colon) : null;
    return { start, end, word, field };
  }

  private async suggest(): Promise<void> {
    const seq = ++this.suggestSeq;
    if (document.activeElement !== this.input) return;
    if (!this.input.value.trim()) {
      this.showList(QueryBar.history().slice(0, 10).map((q) => ({ text: q, hint: "history" })), true);
      return;
    }
    const { word, field } = this.wordAtCaret();
    if (!word || word.startsWith('"')) {
      this.closeList();
      return;
    }
    const found = await this.suggester(word, field);
    if (seq !== this.suggestSeq) return;
    this.showList(found, false);
  }

  private wholeLine = false;

  private showList(items: Suggestion[], wholeLine: boolean): void {
    this.suggestions = items.slice(0, 12);
    this.wholeLine = wholeLine;
    this.active = -1;
    this.list.replaceChildren(
      ...this.suggestions.map((s, index) => {
        const item = document.createElement("li");
        item.dataset.index = String(index);
        const main = document.createElement("span");
        main.textContent = s.text;
        const hint = document.createElement("small");
        hint.textContent = s.hint;
        item.append(main, hint);
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          this.accept(index);
        });
        return item;
      }),
    );
    this.list.hidden = this.suggestions.length === 0;
  }

  private accept(index: number): void {
    const suggestion = this.suggestions[index];
    if (!suggestion) return;
    if (this.wholeLine) {
      this.value = suggestion.text;
    } else {
      const { start, end } = this.wordAtCaret();
      const text = this.input.value;
      this.input.value = text.slice(0, start) + suggestion.text + text.slice(end);
      const caret = start + suggestion.text.length;
      this.input.setSelectionRange(caret, caret);
      this.error = null;
      this.render();
    }
    this.closeList();
    this.input.focus();
  }

  private key(event: KeyboardEvent): void {
    const open = !this.list.hidden && this.suggestions.length > 0;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.closeList();
      this.onRun();
      return;
    }
    if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.suggestions.length) % this.suggestions.length;
      this.list.querySelectorAll("li").forEach((li, i) => li.classList.toggle("active", i === this.active));
      return;
    }
    if (open && (event.key === "Tab" || (event.key === "Enter" && this.active >= 0))) {
      event.preventDefault();
      this.accept(Math.max(this.active, 0));
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      this.closeList();
      this.onRun();
      return;
    }
    if (event.key === "Escape" && this.closeList()) {
      event.stopPropagation();
    }
  }
}
