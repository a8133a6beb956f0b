// A chart's numbers as a plain HTML table inside <details>, so a screen reader (or a
// curious reader) can reach the data behind every chart without it crowding the page.
import {html} from "htl";

export interface DataTableOptions<T> {
  /** The summary line, e.g. "Data of Figure 2". */
  summary: string;
  /** Column keys in order, with their headers. */
  columns: {key: keyof T & string; header: string; format?: (value: T[keyof T], row: T) => string}[];
  /** At most this many rows are listed (the summary says how many were left out). */
  maxRows?: number;
}

const formatValue = (value: unknown) =>
  typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toPrecision(6)) : String(value ?? "");

export function dataTable<T>(rows: readonly T[], {summary, columns, maxRows = 200}: DataTableOptions<T>): HTMLDetailsElement {
  const shown = rows.slice(0, maxRows);
  const note = rows.length > shown.length ? ` (first ${shown.length} of ${rows.length} rows)` : ` (${rows.length} rows)`;
  return html`<details class="data-table"><summary>${summary}${note}</summary>
    <table>
      <thead><tr>${columns.map((c) => html`<th scope="col">${c.header}</th>`)}</tr></thead>
      <tbody>${shown.map((row) => html`<tr>${columns.map((c) => html`<td>${c.format ? c.format(row[c.key], row) : formatValue(row[c.key])}</td>`)}</tr>`)}</tbody>
    </table>
  </details>` as HTMLDetailsElement;
}
