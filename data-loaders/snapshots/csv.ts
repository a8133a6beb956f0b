// RFC 4180 CSV: comma-separated, CRLF line ends, a header row, fields quoted only when
// needed (a comma, a double quote, CR or LF), quotes doubled inside quoted fields.
// Numbers use JavaScript's shortest round-trip form (String(x)), so parsing a cell
// with Number() gives back exactly the same double, and "." is the decimal point
// whatever the locale. −0 is written as 0 (a CSV reader would lose the sign anyway).
import {csvParseRows} from "d3-dsv";
import type {Column} from "./types.js";

export type Cell = number | string | boolean;

export function formatCell(value: Cell): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`CSV cell is not a finite number: ${value}`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const formatRow = (row: readonly Cell[]) => row.map(formatCell).join(",");

export function formatCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.map(formatCell).join(",")];
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`CSV row has ${row.length} cells, expected ${columns.length}`);
    lines.push(formatRow(row));
  }
  return lines.join("\r\n") + "\r\n";
}

/** Reads one cell back with its column's type; throws naming the column when it does not parse. */
export function parseCell(text: string, column: Pick<Column, "name" | "type">): Cell {
  switch (column.type) {
    case "boolean":
      if (text === "true" || text === "false") return text === "true";
      break;
    case "integer":
    case "number": {
      const x = Number(text);
      if (text !== "" && Number.isFinite(x) && (column.type === "number" || Number.isInteger(x))) return x;
      break;
    }
    case "string":
      return text;
  }
  throw new Error(`column ${column.name}: ${JSON.stringify(text)} is not a valid ${column.type}`);
}

/**
 * Parses a snapshot's CSV into typed rows, checking that the header names the columns
 * in order. formatCsv(names, parseCsv(text, columns)) === text for every file that
 * formatCsv wrote, which snapshots:verify checks.
 */
export function parseCsv(text: string, columns: readonly Pick<Column, "name" | "type">[]): Cell[][] {
  if (!text.endsWith("\r\n")) throw new Error("CSV does not end with CRLF");
  const [header, ...rows] = csvParseRows(text.slice(0, -2));
  const names = columns.map((c) => c.name);
  if (header?.join(",") !== names.join(",")) throw new Error(`CSV header ${JSON.stringify(header?.join(","))} is not ${JSON.stringify(names.join(","))}`);
  return rows.map((row, i) => {
    if (row.length !== columns.length) throw new Error(`CSV row ${i + 1} has ${row.length} cells, expected ${columns.length}`);
    return row.map((text, j) => parseCell(text, columns[j]));
  });
}

/** Throws naming the snapshot, row and column when a computed cell does not fit its column's type. */
export function checkRowTypes(snapshot: string, columns: readonly Column[], rows: readonly (readonly Cell[])[]): void {
  rows.forEach((row, i) => {
    if (row.length !== columns.length) throw new Error(`snapshot ${snapshot}: row ${i + 1} has ${row.length} cells, expected ${columns.length} (one per column)`);
    row.forEach((value, j) => {
      const {name, type} = columns[j];
      const ok =
        type === "boolean" ? typeof value === "boolean"
        : type === "string" ? typeof value === "string"
        : typeof value === "number" && Number.isFinite(value) && (type === "number" || Number.isInteger(value));
      if (!ok) throw new Error(`snapshot ${snapshot}: column ${name} must hold ${type === "integer" ? "an integer" : `a ${type}`}; row ${i + 1} has ${JSON.stringify(value)}`);
    });
  });
}
