// A time-range picker as a component: the explore page's presets and absolute bounds (same
// look: .range, .rangepop, .presets), built into any container, telling its owner the new range.
import { PRESETS, label, resolve, typedBound, type TimeRange } from "./time";
import { inputTime } from "./zone";

export class RangePicker {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly pop: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private range: TimeRange = { from: "1h", to: "now" };

  constructor(idPrefix: string, private readonly onChange: (range: TimeRange) => void) {
    this.element = document.createElement("div");
    this.element.className = "range";
    this.button = document.createElement("button");
    this.button.className = "btn";
    this.button.id = idPrefix + "RangeBtn";
    this.button.title = "Time range of every panel";
    this.pop = document.createElement("div");
    this.pop.className = "rangepop";
    this.pop.hidden = true;
    const presets = document.createElement("div");
    presets.className = "presets";
    for (const preset of PRESETS) {
      const choice = document.createElement("button");
      choice.className = "btn small preset";
      choice.textContent = preset;
      choice.title = `Last ${preset}`;
      choice.addEventListener("click", () => this.choose({ from: preset, to: "now" }));
      presets.append(choice);
    }
    this.from = this.input("2026-11-22T10:00:00Z");
    this.to = this.input("now");
    const apply = document.createElement("button");
    apply.className = "btn";
    apply.textContent = "Apply";
    apply.addEventListener("click", () => this.choose({ from: typedBound(this.from.value), to: typedBound(this.to.value) || "now" }));
    this.pop.append(presets, this.labelled("From", this.from), this.labelled("To", this.to), apply);
    this.element.append(this.button, this.pop);
    this.button.addEventListener("click", () => this.toggle());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.pop.hidden = true;
    });
  }

  set(range: TimeRange): void {
    this.range = range;
    this.button.textContent = label(range);
  }

  private toggle(): void {
    this.pop.hidden = !this.pop.hidden;
    if (this.pop.hidden) return;
    try {
      const resolved = resolve(this.range);
      // in the zone shown (zone.ts), with its offset
      this.from.value = inputTime(resolved.startMs);
      this.to.value = this.range.to === "now" ? "now" : inputTime(resolved.endMs);
    } catch {
      this.from.value = this.range.from;
      this.to.value = this.range.to;
    }
  }

  private choose(range: TimeRange): void {
    this.pop.hidden = true;
    this.set(range);
    this.onChange(range);
  }

  private input(placeholder: string): HTMLInputElement {
    const input = document.createElement("input");
    input.type = "text";
    input.placeholder = placeholder;
    return input;
  }

  private labelled(text: string, input: HTMLInputElement): HTMLLabelElement {
    const element = document.createElement("label");
    element.append(text + " ", input);
    return element;
  }
}
