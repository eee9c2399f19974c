// Time ranges: relative presets ("1h" back from now) or absolute RFC 3339 bounds, resolved to
// absolute bounds once per run so the histogram, the rows and the export agree on "now".
// Absolute bounds are kept as RFC 3339 UTC; they are shown in the zone chosen (zone.ts).
import { formatTime, parseTyped } from "./zone";

export interface TimeRange {
  from: string; // a duration such as "15m", or an RFC 3339 time
  to: string; // "now" or an RFC 3339 time
}

export const PRESETS = ["5m", "15m", "1h", "6h", "24h", "7d"];

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function durationMs(text: string): number | null {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]] : null;
}

export interface Resolved {
  startMs: number;
  endMs: number;
  start: string;
  end: string;
}

export function resolve(range: TimeRange, nowMs: number = Date.now()): Resolved {
  const endMs = range.to === "now" || range.to === "" ? nowMs : Date.parse(range.to);
  const back = durationMs(range.from);
  const startMs = back !== null ? endMs - back : Date.parse(range.from);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw new Error(`cannot read the time range ${range.from} to ${range.to}`);
  return { startMs, endMs, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

/**
 * A bound typed in a range picker as the URL keeps it: a duration or "now" as typed, an absolute
 * time as RFC 3339 UTC (a time without an offset is read in the zone shown).
 */
export function typedBound(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "now" || durationMs(trimmed) !== null) return trimmed;
  const ms = parseTyped(trimmed);
  return Number.isNaN(ms) ? trimmed : new Date(ms).toISOString();
}

export function label(range: TimeRange): string {
  if (durationMs(range.from) !== null && (range.to === "now" || range.to === "")) return `Last ${range.from}`;
  return `${shortTime(Date.parse(range.from))} → ${range.to === "now" ? "now" : shortTime(Date.parse(range.to))}`;
}

export function shortTime(ms: number): string {
  return formatTime(ms, "s").slice(5);
}

const STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** A bin width giving about 60 bars over the range. */
export function stepFor(spanMs: number): number {
  const wanted = spanMs / 60;
  return STEPS.find((step) => step >= wanted) ?? STEPS[STEPS.length - 1];
}

export function stepText(stepMs: number): string {
  if (stepMs % 86_400_000 === 0) return `${stepMs / 86_400_000}d`;
  if (stepMs % 3_600_000 === 0) return `${stepMs / 3_600_000}h`;
  if (stepMs % 60_000 === 0) return `${stepMs / 60_000}m`;
  return `${stepMs / 1000}s`;
}

/** Epoch nanoseconds of an RFC 3339 time (the API's `_time`), exact to the nanosecond. */
export function nanosOf(time: string): bigint {
  const match = /^(.*T\d\d:\d\d:\d\d)(\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return BigInt(Date.parse(time)) * 1_000_000n;
  const seconds = BigInt(Date.parse(match[1] + match[4]));
  const fraction = BigInt(((match[3] ?? "") + "000000000").slice(0, 9));
  return seconds * 1_000_000n + fraction;
}

/** RFC 3339 with nine fraction digits, UTC. */
export function formatNanos(nanos: bigint): string {
  const ms = nanos / 1_000_000n;
  const whole = new Date(Number((ms / 1000n) * 1000n)).toISOString().slice(0, 19);
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, "0");
  return `${whole}.${fraction}Z`;
}
