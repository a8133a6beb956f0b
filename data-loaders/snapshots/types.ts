// What a citable snapshot is: an id and version, a schema, a grid, and a pure
// function from the grid to rows.
import type {Cell} from "./csv.js";

export interface Column {
  name: string;
  type: "integer" | "number" | "boolean" | "string";
  unit: string;
  description: string;
}

export interface SnapshotSpec<Grid = unknown> {
  id: string;
  version: string;
  title: string;
  description: string;
  columns: readonly Column[];
  grid: Grid;
  /** The modules whose code computes the rows (their imports are followed), for the cache key. */
  sources: readonly URL[];
  /** Throws an Error naming the snapshot and the field when the grid is malformed. */
  validate(grid: Grid): void;
  /** Computes the rows; may use worker threads. Must be a pure function of the grid. */
  compute(grid: Grid): Promise<Cell[][]>;
  /**
   * Optional: the part of `grid` whose rows include every row that matches `where`
   * (column name → allowed values; a column left out allows every value). Throws
   * gridError(...) naming the field when a value lies off the grid. With it, the CLI
   * (--snapshot) and `npm run snapshots:verify` recompute single rows instead of the
   * whole grid. compute(subgrid(grid, where)) must give those rows byte for byte.
   */
  subgrid?(grid: Grid, where: RowFilter): Grid;
}

/** Column name → the values a row may have there. */
export type RowFilter = Readonly<Record<string, readonly Cell[]>>;

export interface SnapshotFile {
  spec: SnapshotSpec;
  csv: string;
  json: string;
  rows: number;
}

export const snapshotName = (spec: {id: string; version: string}) => `${spec.id}-${spec.version}`;
