// The HTTP API client (docs/API.md). Every error answer has one shape; a query syntax error
// carries the 0-based position the query bar underlines.

export type Row = Record<string, string>;

export interface QueryStatus {
  rows?: number;
  rows_scanned?: number;
  blocks_total?: number;
  blocks_scanned?: number;
  blocks_skipped?: number;
  bytes_read?: number;
  duration_ms?: number;
}

export interface Table {
  columns: string[];
  rows: (string | null)[][];
  _status?: QueryStatus;
}

export interface Pattern {
  id: string;
  template: string | null;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  new: boolean;
  series: number[];
  samples: string[];
}

export interface PatternsAnswer {
  start: string;
  end: string;
  step_ms: number;
  patterns: Pattern[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly position: number | null,
  ) {
    super(message);
  }
}

export async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    const error = body.error ?? body._error ?? body;
    const position = typeof error.position === "number" ? error.position : null;
    return new ApiError(response.status, String(error.code ?? response.status), String(error.message ?? text), position);
  } catch {
    return new ApiError(response.status, String(response.status), text || response.statusText, null);
  }
}

export interface Range {
  start: string;
  end: string;
}

function params(values: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  return search.toString();
}

/**
 * Streams the NDJSON rows of a query, calling onRows with each decoded chunk as it arrives
 * (rows come newest first). Resolves with the status line.
 */
export async function streamRows(
  query: string,
  range: Range,
  limit: number,
  onRows: (rows: Row[]) => void,
  signal: AbortSignal,
): Promise<QueryStatus> {
  const url = "/api/v1/query?" + params({ query, start: range.start, end: range.end, limit, format: "ndjson" });
  const response = await fetch(url, { signal });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  let status: QueryStatus = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    const rows: Row[] = [];
    for (const line of lines) {
      if (!line) continue;
      const object = JSON.parse(line);
      if (object._status) status = object._status;
      else if (object._error) throw new ApiError(500, object._error.code, object._error.message, null);
      else rows.push(object);
    }
    if (rows.length) onRows(rows);
  }
  return status;
}

export async function queryTable(query: string, range: Range, signal: AbortSignal): Promise<Table> {
  const url = "/api/v1/query?" + params({ query, start: range.start, end: range.end, format: "table" });
  const response = await fetch(url, { signal });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

export async function patterns(
  query: string,
  range: Range,
  step: string,
  signal: AbortSignal,
): Promise<PatternsAnswer> {
  const url = "/api/v1/patterns?" + params({ query, start: range.start, end: range.end, step, limit: 200 });
  const response = await fetch(url, { signal });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

export function exportUrl(query: string, range: Range, format: "csv" | "ndjson", fields: string[]): string {
  return (
    "/api/v1/export?" +
    params({ query: query || "*", start: range.start, end: range.end, format, fields: format === "csv" ? fields.join(",") : undefined })
  );
}

export function tailUrl(query: string): string {
  return "/api/v1/tail?" + params({ query: query || "*" });
}
