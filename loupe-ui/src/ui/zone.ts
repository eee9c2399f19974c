// The time zone times are shown in: UTC (the default, what the server stores and the URL holds)
// or the browser's own zone. The choice is kept in localStorage ("loupe.tz"). Only display and
// typed input change with it: the API is always asked in RFC 3339 UTC, so a shared link means the
// same span of time to everyone, whatever zone they read it in.

export type Zone = "utc" | "local";

const KEY = "loupe.tz";

let current: Zone = readSaved();

function readSaved(): Zone {
  try {
    return localStorage.getItem(KEY) === "local" ? "local" : "utc";
  } catch {
    return "utc";
  }
}

export function zone(): Zone {
  return current;
}

export function setZone(next: Zone): void {
  current = next;
  localStorage.setItem(KEY, next);
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** The parts of an instant in the zone shown. */
function parts(ms: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; milli: number } {
  const date = new Date(ms);
  if (current === "utc") {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      milli: date.getUTCMilliseconds(),
    };
  }
  return {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
    milli: date.getMilliseconds(),
  };
}

/** The zone's offset from UTC at that instant, in ms (0 for UTC; +19,800,000 for +05:30). */
export function offsetMs(ms: number): number {
  return current === "utc" ? 0 : -new Date(ms).getTimezoneOffset() * 60_000;
}

/** The zone's offset from UTC at that instant, "+05:30" ("Z" for UTC). */
export function offsetText(ms: number): string {
  if (current === "utc") return "Z";
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** What the zone switch says: "UTC", or "UTC+05:30" for the browser's zone. */
export function zoneName(ms: number = Date.now()): string {
  if (current === "utc") return "UTC";
  const offset = offsetText(ms);
  return offset === "+00:00" ? "UTC+00:00" : `UTC${offset}`;
}

/**
 * An instant as text in the zone shown; `precision` says how much: "ms" gives
 * "2026-11-22 10:00:00.120", "s" drops the milliseconds, "minute" the seconds too.
 */
export function formatTime(ms: number, precision: "ms" | "s" | "minute" = "ms"): string {
  const p = parts(ms);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  if (precision === "minute") return `${date} ${time}`;
  if (precision === "s") return `${date} ${time}:${pad(p.second)}`;
  return `${date} ${time}:${pad(p.second)}.${pad(p.milli, 3)}`;
}

/** Milliseconds of an RFC 3339 time of any precision (the API's `_time`), NaN when not one. */
export function millisOf(time: string): number {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return NaN;
  return Date.parse(match[1] + match[3]) + Number(((match[2] ?? "") + "000").slice(0, 3));
}

/** An RFC 3339 time (the API's `_time`) as a row shows it, milliseconds always shown. */
export function displayTime(time: string): string {
  const ms = millisOf(time);
  return Number.isNaN(ms) ? time : formatTime(ms);
}

/** An instant as an RFC 3339 time written in the zone shown, for the range picker's fields. */
export function inputTime(ms: number): string {
  return formatTime(ms, "s").replace(" ", "T") + offsetText(ms);
}

/**
 * An absolute time typed in the range picker, in epoch ms (NaN when it cannot be read). A time
 * with "Z" or an offset means what it says; one without (2026-11-22 10:00, 2026-11-22T10:00:30,
 * 2026-11-22) is a time in the zone shown.
 */
export function parseTyped(text: string): number {
  const trimmed = text.trim().replace(" ", "T");
  const match = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?(Z|[+-]\d\d:\d\d)?$/i.exec(trimmed);
  if (!match) return Date.parse(text);
  const local = `${match[1]}T${match[2] ?? "00:00"}`;
  if (match[3]) return Date.parse(local + match[3].toUpperCase());
  // JavaScript reads a date-time without an offset as the browser's local time
  return current === "utc" ? Date.parse(local + "Z") : Date.parse(local);
}
