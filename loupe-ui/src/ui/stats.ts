// Stats results: the table as the API gives it, and a chart of it. Grouped by a time bin (a
// column whose values are all RFC 3339 times) it is a line per group over time; otherwise one
// bar per row, of the first numeric result column.
import type { Table } from "./api";
import { bars, cssVar, legend, lines, paletteColor, type Series } from "./chart";
import { formatTime, millisOf } from "./zone";

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const MAX_SERIES = 10;

function isNumber(value: string | null): boolean {
  return value !== null && value !== "" && Number.isFinite(Number(value));
}

export function renderStats(table: Table, canvas: HTMLCanvasElement, element: HTMLTableElement, legendElement: HTMLElement): void {
  legendElement.replaceChildren();
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  table.columns.forEach((column, index) => {
    const th = document.createElement("th");
    th.textContent = column;
    if (table.rows.length > 0 && table.rows.every((row) => row[index] === null || isNumber(row[index]))) th.className = "num";
    headRow.append(th);
  });
  head.append(headRow);
  const body = document.createElement("tbody");
  for (const row of table.rows) {
    const tr = document.createElement("tr");
    row.forEach((value) => {
      const td = document.createElement("td");
      td.textContent = value ?? "";
      if (isNumber(value)) td.className = "num";
      if (value !== null && TIME.test(value)) {
        // times in the zone shown (the API's own text on hover)
        const ms = millisOf(value);
        td.textContent = formatTime(ms, ms % 1000 === 0 ? "s" : "ms");
        td.title = value;
      }
      tr.append(td);
    });
    body.append(tr);
  }
  element.replaceChildren(head, body);

  const columns = table.columns.map((_, i) => i);
  const numeric = columns.filter((i) => table.rows.length > 0 && table.rows.every((row) => row[i] === null || row[i] === "" || isNumber(row[i])));
  const timeColumn = columns.find((i) => table.rows.length > 0 && table.rows.every((row) => TIME.test(row[i] ?? "")));
  const valueColumn = numeric.find((i) => i !== timeColumn && !table.columns[i].startsWith("bin("));
  canvas.hidden = valueColumn === undefined;
  if (valueColumn === undefined) return;
  const labelColumns = columns.filter((i) => i !== timeColumn && !numeric.includes(i));
  const labelOf = (row: (string | null)[]) => labelColumns.map((i) => row[i] ?? "").join(" / ") || table.columns[valueColumn];
  canvas.dataset.kind = timeColumn !== undefined ? "lines" : "bars";
  if (timeColumn !== undefined) {
    const xs = [...new Set(table.rows.map((row) => Date.parse(row[timeColumn]!)))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const groups = new Map<string, number[]>();
    for (const row of table.rows) {
      const name = labelOf(row);
      if (!groups.has(name)) {
        if (groups.size >= MAX_SERIES) continue;
        groups.set(name, new Array(xs.length).fill(NaN));
      }
      groups.get(name)![index.get(Date.parse(row[timeColumn]!))!] = Number(row[valueColumn]);
    }
    const series: Series[] = [...groups].map(([name, values], i) => ({ name, values, color: paletteColor(i) }));
    legend(legendElement, series);
    lines(canvas, xs, series);
    return;
  }
  const shown = table.rows.slice(0, 50);
  bars(canvas, shown.map(labelOf), shown.map((row) => Number(row[valueColumn])), cssVar("--accent"));
}
