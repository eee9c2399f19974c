// Hand-drawn canvas charts (no chart library: three small shapes are all the UI needs):
// stacked bars over time (the volume histogram), lines over time and plain bars (stats results).

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

/** Sizes the canvas to its box at the device's pixel ratio and clears it. */
export function plot(canvas: HTMLCanvasElement, left = 44, bottom = 18): Plot {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 120;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d")!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = "11px system-ui, sans-serif";
  return { context, width, height, left, top: 6, plotWidth: width - left - 8, plotHeight: height - bottom - 6 };
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

function timeAxis(p: Plot, startMs: number, endMs: number): void {
  const { context } = p;
  context.fillStyle = cssVar("--muted");
  context.textAlign = "center";
  context.textBaseline = "top";
  const span = endMs - startMs;
  const ticks = Math.max(2, Math.floor(p.plotWidth / 110));
  for (let i = 0; i <= ticks; i++) {
    const t = startMs + (span * i) / ticks;
    const iso = new Date(t).toISOString();
    const text = span > 2 * 86_400_000 ? iso.slice(5, 10) + " " + iso.slice(11, 16) : iso.slice(11, span < 600_000 ? 19 : 16);
    const x = p.left + (p.plotWidth * i) / ticks;
    context.textAlign = i === 0 ? "left" : i === ticks ? "right" : "center";
    context.fillText(text, x, p.top + p.plotHeight + 4);
  }
}

/** Stacked bars at times xs (bin starts), each stepMs wide, over [startMs, endMs). */
export function stackedBars(canvas: HTMLCanvasElement, xs: number[], stepMs: number, series: Series[], startMs: number, endMs: number): void {
  const p = plot(canvas);
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
