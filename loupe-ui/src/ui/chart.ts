// Hand-drawn canvas charts (no chart library: three small shapes are all the UI needs):
// stacked bars over time (the volume histogram), lines over time and plain bars (stats results).
import { formatTime, offsetMs } from "./zone";

export interface Series {
  name: string;
  color: string;
  values: number[]; // one per x
}

const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

export function paletteColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export interface Plot {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
}

/** Blanks a canvas (its query failed). */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);
  delete canvas.dataset.ticks;
  delete canvas.dataset.tickTimes;
}

/** Sizes the canvas to its box at the device's pixel ratio and clears it. */
export function plot(canvas: HTMLCanvasElement, left = 44, bottom = 18, top = 6): Plot {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 120;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d")!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = "11px system-ui, sans-serif";
  return { context, width, height, left, top, plotWidth: width - left - 8, plotHeight: height - bottom - top };
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

function yAxis(p: Plot, max: number): void {
  const { context } = p;
  context.fillStyle = cssVar("--muted");
  context.strokeStyle = cssVar("--grid");
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (let i = 0; i <= 2; i++) {
    const value = (max * i) / 2;
    const y = p.top + p.plotHeight - (p.plotHeight * i) / 2;
    // the zero sits above its line, clear of the time labels below the plot
    context.textBaseline = i === 0 ? "bottom" : "middle";
    context.fillText(compact(value), p.left - 4, y);
    context.beginPath();
    context.moveTo(p.left, y + 0.5);
    context.lineTo(p.left + p.plotWidth, y + 0.5);
    context.stroke();
  }
}

export function compact(value: number): string {
  if (value >= 1e9) return (value / 1e9).toFixed(1) + "G";
  if (value >= 1e6) return (value / 1e6).toFixed(1) + "M";
  if (value >= 1e4) return (value / 1e3).toFixed(0) + "k";
  return String(Number(value.toFixed(2)));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE))
  .concat([1, 2, 3, 6, 12].map((h) => h * HOUR))
  .concat([1, 2, 7, 14, 30].map((d) => d * DAY));

/**
 * Time labels under the plot at round times of the zone shown (every 5 minutes, every hour...),
 * about one per 90 px. The labels and their instants are also kept on the canvas (data-ticks,
 * data-tick-times) for tests and tools.
 */
function timeAxis(p: Plot, startMs: number, endMs: number): void {
  const { context } = p;
  context.fillStyle = cssVar("--muted");
  context.textBaseline = "top";
  const span = endMs - startMs;
  const most = Math.max(2, Math.floor(p.plotWidth / 90));
  const step = TICK_STEPS.find((candidate) => span / candidate <= most) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const shift = offsetMs(startMs);
  const labels: string[] = [];
  const times: number[] = [];
  for (let t = Math.ceil((startMs + shift) / step) * step - shift; t <= endMs; t += step) {
    const text =
      step >= DAY ? formatTime(t, "minute").slice(5, 10)
      : span > DAY ? formatTime(t, "minute").slice(5)
      : step < MINUTE ? formatTime(t, "s").slice(11)
      : formatTime(t, "minute").slice(11);
    const x = p.left + ((t - startMs) / span) * p.plotWidth;
    const half = context.measureText(text).width / 2;
    context.textAlign = x - half < 0 ? "left" : x + half > p.width ? "right" : "center";
    context.fillText(text, context.textAlign === "left" ? 0 : context.textAlign === "right" ? p.width : x, p.top + p.plotHeight + 4);
    labels.push(text);
    times.push(t);
  }
  context.canvas.dataset.ticks = labels.join("|");
  context.canvas.dataset.tickTimes = times.join("|");
}

/** Stacked bars at times xs (bin starts), each stepMs wide, over [startMs, endMs). */
export function stackedBars(canvas: HTMLCanvasElement, xs: number[], stepMs: number, series: Series[], startMs: number, endMs: number): void {
  const p = plot(canvas, 44, 18, 20); // room above the bars for the legend
  let max = 0;
  xs.forEach((_, i) => (max = Math.max(max, series.reduce((sum, s) => sum + s.values[i], 0))));
  max = niceMax(Math.max(max, 2)); // counts: whole-number ticks
  yAxis(p, max);
  const span = endMs - startMs;
  const scaleX = (t: number) => p.left + ((t - startMs) / span) * p.plotWidth;
  const barWidth = Math.max(1, (stepMs / span) * p.plotWidth - 1);
  xs.forEach((t, i) => {
    let y = p.top + p.plotHeight;
    for (const s of series) {
      const h = (s.values[i] / max) * p.plotHeight;
      if (h <= 0) continue;
      p.context.fillStyle = s.color;
      p.context.fillRect(scaleX(t), y - h, barWidth, h);
      y -= h;
    }
  });
  timeAxis(p, startMs, endMs);
}

/** Lines over time; xs ascending epoch ms. */
export function lines(canvas: HTMLCanvasElement, xs: number[], series: Series[]): void {
  const p = plot(canvas);
  if (xs.length === 0) return;
  const startMs = xs[0];
  const endMs = xs.length > 1 ? xs[xs.length - 1] : startMs + 1;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  yAxis(p, max);
  const scaleX = (t: number) => p.left + ((t - startMs) / (endMs - startMs)) * p.plotWidth;
  for (const s of series) {
    p.context.strokeStyle = s.color;
    p.context.lineWidth = 1.5;
    p.context.beginPath();
    let drawing = false;
    xs.forEach((t, i) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) {
        drawing = false;
        return;
      }
      const x = scaleX(t);
      const y = p.top + p.plotHeight - (v / max) * p.plotHeight;
      if (drawing) p.context.lineTo(x, y);
      else p.context.moveTo(x, y);
      drawing = true;
    });
    p.context.stroke();
  }
  timeAxis(p, startMs, endMs);
}

/** Horizontal-axis bars, one per label. */
export function bars(canvas: HTMLCanvasElement, labels: string[], values: number[], color: string): void {
  const p = plot(canvas, 44, 30);
  const max = niceMax(Math.max(0, ...values.filter(Number.isFinite)));
  yAxis(p, max);
  const width = p.plotWidth / Math.max(1, labels.length);
  const { context } = p;
  labels.forEach((label, i) => {
    const v = Number.isFinite(values[i]) ? values[i] : 0;
    const h = (v / max) * p.plotHeight;
    context.fillStyle = color;
    context.fillRect(p.left + i * width + 2, p.top + p.plotHeight - h, Math.max(1, width - 4), h);
    context.fillStyle = cssVar("--muted");
    context.textAlign = "center";
    context.textBaseline = "top";
    const room = Math.max(3, Math.floor(width / 6.5));
    context.fillText(label.length > room ? label.slice(0, room - 1) + "…" : label, p.left + i * width + width / 2, p.top + p.plotHeight + 4);
  });
}

/** A tiny inline sparkline as an SVG path. */
export function sparkline(values: number[], width = 120, height = 22): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("class", "spark");
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`);
  const path = document.createElementNS(ns, "polyline");
  path.setAttribute("points", points.join(" "));
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "1.5");
  svg.append(path);
  return svg;
}

/** Colour swatches with names. */
export function legend(element: HTMLElement, series: { name: string; color: string }[]): void {
  element.replaceChildren(
    ...series.map((s) => {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = s.color;
      item.append(swatch, document.createTextNode(s.name));
      return item;
    }),
  );
}
