// The real datasets of the Real-loss page, read at build time from the npm package
// @observablehq/sample-datasets (no network): CSV parsing with a report of the rows
// dropped for missing values, and the small JSON the page loads.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {csvParseRows} from "d3-dsv";
import {prepareRegression, type PreparedData, type Transform} from "../src/lib/regression.js";

/** Cell texts that mean "no value" (R writes NA, the package's penguins.csv writes NaN). */
export const MISSING_MARKERS: readonly string[] = ["", "NA", "NaN"];

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface DroppedRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  /** Why: one entry per offending column, e.g. "flipper_length_mm is missing (NaN)". */
  reasons: string[];
  /** The row's cells as they appear in the file. */
  cells: string[];
}

export interface ParsedColumns {
  header: string[];
  /** The kept rows' values, per requested column. */
  values: Record<string, number[]>;
  /** Data rows in the file. */
  rowsRead: number;
  dropped: DroppedRow[];
  /** Kept rows that have a missing value in a column the model does not use. */
  keptWithMissingElsewhere: number;
}

export interface ColumnRule {
  name: string;
  /** Values must be > 0 (they will be log-transformed); others are dropped with a reason. */
  positive?: boolean;
}

/** An error in a data file: names the file and the 1-based line. */
export class DataFileError extends Error {
  constructor(readonly file: string, readonly line: number, reason: string) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = "DataFileError";
  }
}

/**
 * Parses RFC 4180 CSV text and extracts numeric columns. A row with a missing marker
 * (empty, NA or NaN) or a non-positive value where `positive` is set in a requested
 * column is dropped and reported; a row with the wrong number of cells, or a requested
 * cell that is neither a decimal number nor a missing marker, is an error naming the
 * file and the line.
 */
export function parseNumericCsv(text: string, {file, columns}: {file: string; columns: readonly ColumnRule[]}): ParsedColumns {
  const rows = csvParseRows(text);
  if (rows.length === 0) throw new DataFileError(file, 1, "the file is empty; expected a header line");
  const header = rows[0];
  const index = columns.map(({name}) => {
    const i = header.indexOf(name);
    if (i < 0) throw new DataFileError(file, 1, `the header has no column ${JSON.stringify(name)}; it has ${header.map((h) => JSON.stringify(h)).join(", ")}`);
    return i;
  });
  const values: Record<string, number[]> = Object.fromEntries(columns.map((c) => [c.name, []]));
  const dropped: DroppedRow[] = [];
  let keptWithMissingElsewhere = 0;
  // A quoted cell may hold line breaks, so count them to keep line numbers right.
  const breaks = (cells: string[]) => cells.reduce((k, cell) => k + (cell.match(/\n/g)?.length ?? 0), 0);
  let line = 1 + breaks(header);
  for (let r = 1; r < rows.length; ++r) {
    const cells = rows[r];
    line += 1;
    const rowLine = line;
    line += breaks(cells);
    if (cells.length !== header.length)
      throw new DataFileError(file, rowLine, `expected ${header.length} cells (as in the header), got ${cells.length}: ${JSON.stringify(cells.join(",").slice(0, 80))}`);
    const reasons: string[] = [];
    const parsed: number[] = [];
    columns.forEach(({name, positive}, k) => {
      const cell = cells[index[k]].trim();
      if (MISSING_MARKERS.includes(cell)) return void reasons.push(`${name} is missing (${cell === "" ? "empty" : cell})`);
      if (!DECIMAL.test(cell)) throw new DataFileError(file, rowLine, `column ${name} holds ${JSON.stringify(cell)}, which is neither a decimal number nor a missing marker (${MISSING_MARKERS.map((m) => JSON.stringify(m)).join(", ")})`);
      const value = Number(cell);
      if (positive && !(value > 0)) return void reasons.push(`${name} is ${cell}, not > 0 (its log is undefined)`);
      parsed.push(value);
    });
    if (reasons.length) {
      dropped.push({line: rowLine, reasons, cells});
      continue;
    }
    columns.forEach(({name}, k) => values[name].push(parsed[k]));
    if (cells.some((cell) => MISSING_MARKERS.includes(cell.trim()))) ++keptWithMissingElsewhere;
  }
  return {header, values, rowsRead: rows.length - 1, dropped, keptWithMissingElsewhere};
}

// ---------------------------------------------------------------------------
// The two datasets.

export interface VariableSpec {
  column: string;
  label: string;
  unit: string;
  transform: Transform;
}

export interface DatasetSpec {
  id: string;
  title: string;
  /** Path inside the npm package @observablehq/sample-datasets. */
  file: string;
  source: string;
  sourceUrl: string;
  feature: VariableSpec;
  target: VariableSpec;
}

export const PACKAGE = "@observablehq/sample-datasets";

export const DATASETS: readonly DatasetSpec[] = [
  {
    id: "penguins",
    title: "Palmer penguins: body mass from flipper length",
    file: "penguins.csv",
    source: "Dr. Kristen Gorman and the Palmer Station LTER (palmerpenguins)",
    sourceUrl: "https://github.com/allisonhorst/palmerpenguins",
    feature: {column: "flipper_length_mm", label: "Flipper length", unit: "mm", transform: "identity"},
    target: {column: "body_mass_g", label: "Body mass", unit: "g", transform: "identity"},
  },
  {
    id: "diamonds",
    title: "Diamonds: log price from log carat",
    file: "diamonds.csv",
    source: "ggplot2's diamonds dataset",
    sourceUrl: "https://github.com/tidyverse/ggplot2/blob/main/data-raw/diamonds.csv",
    feature: {column: "carat", label: "Weight", unit: "carat", transform: "log"},
    target: {column: "price", label: "Price", unit: "US$", transform: "log"},
  },
];

export const DATASET_IDS = DATASETS.map((d) => d.id);

export function datasetSpec(id: string): DatasetSpec {
  const spec = DATASETS.find((d) => d.id === id);
  if (!spec) throw new Error(`dataset must be one of ${DATASET_IDS.join(", ")}; got ${JSON.stringify(id)}`);
  return spec;
}

const require = createRequire(import.meta.url);

export function packageVersion(): string {
  // The package exports only its data files, so find package.json beside one of them.
  const file = join(dirname(require.resolve(`${PACKAGE}/${DATASETS[0].file}`)), "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as {version: string}).version;
}

export interface RawDataset {
  spec: DatasetSpec;
  /** "@observablehq/sample-datasets@1.0.1/penguins.csv" */
  file: string;
  x: number[];
  y: number[];
  rowsRead: number;
  dropped: DroppedRow[];
  keptWithMissingElsewhere: number;
}

/** Reads and parses one dataset from node_modules. */
export function readDataset(id: string): RawDataset {
  const spec = datasetSpec(id);
  let path: string;
  try {
    path = require.resolve(`${PACKAGE}/${spec.file}`);
  } catch (error) {
    throw new Error(`dataset ${id}: cannot find ${PACKAGE}/${spec.file} in node_modules; run npm install`, {cause: error});
  }
  const file = `${PACKAGE}@${packageVersion()}/${spec.file}`;
  const parsed = parseNumericCsv(readFileSync(path, "utf8"), {
    file,
    columns: [spec.feature, spec.target].map((v) => ({name: v.column, positive: v.transform === "log"})),
  });
  return {
    spec, file, x: parsed.values[spec.feature.column], y: parsed.values[spec.target.column],
    rowsRead: parsed.rowsRead, dropped: parsed.dropped, keptWithMissingElsewhere: parsed.keptWithMissingElsewhere,
  };
}

/** The data the model sees (transformed, standardised): the same function the page calls. */
export function preparedDataset(id: string): PreparedData {
  const raw = readDataset(id);
  return prepareRegression(raw, {featureTransform: raw.spec.feature.transform, targetTransform: raw.spec.target.transform});
}

/** The page's JSON: per dataset its description, raw kept values and the drop report. */
export function regressionDatasetsJson(): string {
  const datasets = DATASETS.map((spec) => {
    const raw = readDataset(spec.id);
    return {
      id: spec.id, title: spec.title, file: raw.file, source: spec.source, sourceUrl: spec.sourceUrl,
      feature: spec.feature, target: spec.target,
      rowsRead: raw.rowsRead, n: raw.x.length, dropped: raw.dropped, keptWithMissingElsewhere: raw.keptWithMissingElsewhere,
      x: raw.x, y: raw.y,
    };
  });
  return JSON.stringify({datasets}) + "\n";
}
