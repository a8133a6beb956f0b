// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted only when needed.
// Numbers use JavaScript's shortest round-trip form (String(x)), so parsing a cell
// with Number() gives back exactly the same double, and "." is the decimal point.

export type Cell = number | string | boolean;

export function formatCell(value: Cell): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`CSV cell is not a finite number: ${value}`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.map(formatCell).join(",")];
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`CSV row has ${row.length} cells, expected ${columns.length}`);
    lines.push(row.map(formatCell).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
