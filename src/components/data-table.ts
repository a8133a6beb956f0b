// A chart's numbers as a plain HTML table inside <details>, so a screen reader (or a
// curious reader) can reach the data behind every chart without it crowding the page.
//
// Built with the DOM API rather than htl: htl parses a template for every cell (~0.1 ms
// each), and a 200-row table redrawn while a run streams in then cost 20–40 ms a frame.
import {element} from "./dom.js";

export interface DataTableOptions<T> {
  /** The summary line, e.g. "Data of Figure 2". */
  summary: string;
  /** Column keys in order, with their headers. */
  columns: {key: keyof T & string; header: string; format?: (value: T[keyof T], row: T) => string}[];
  /** At most this many rows are listed (the summary says how many were left out). */
  maxRows?: number;
  /** How many rows the data has, when `rows` holds only its first ones (default rows.length). */
  totalRows?: number;
}

const formatValue = (value: unknown) =>
  typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toPrecision(6)) : String(value ?? "");

export function dataTable<T>(rows: readonly T[], {summary, columns, maxRows = 200, totalRows = rows.length}: DataTableOptions<T>): HTMLDetailsElement {
  const shown = rows.slice(0, maxRows);
  const note = totalRows > shown.length ? ` (first ${shown.length} of ${totalRows} rows)` : ` (${totalRows} rows)`;
  const header = element("tr", {}, ...columns.map((c) => element("th", {scope: "col"}, c.header)));
  const body = element("tbody", {}, ...shown.map((row) => element("tr", {}, ...columns.map((c) => element("td", {}, c.format ? c.format(row[c.key], row) : formatValue(row[c.key]))))));
  return element("details", {className: "data-table"}, element("summary", {}, summary, note), element("table", {}, element("thead", {}, header), body));
}
