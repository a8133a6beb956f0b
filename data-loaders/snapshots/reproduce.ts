// Recomputes selected rows of a registered snapshot from its spec alone, for the
// CLI's --snapshot and for snapshots:verify. Uses the spec's subgrid() to compute only
// the cells the rows come from.
import {findSnapshot} from "./registry.js";
import {formatCsv, type Cell} from "./csv.js";
import {rowMatches} from "./subgrid.js";
import {oneLine} from "./check.js";
import {snapshotName, type RowFilter, type SnapshotSpec} from "./types.js";

/** A selection that names no such snapshot, a column it lacks, or values off its grid. */
export class SelectionError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = "SelectionError";
  }
}

/** The rows of `spec` that match `where`, recomputed (not read from any published or cached copy). */
export async function recomputeRows(spec: SnapshotSpec<any>, where: RowFilter): Promise<Cell[][]> {
  const name = snapshotName(spec);
  if (!spec.subgrid) throw new SelectionError(`snapshot ${name} cannot recompute single rows (its spec has no subgrid()); rebuild it whole with npm run snapshots:lock -- --check --fresh`);
  for (const column of Object.keys(where))
    if (!spec.columns.some((c) => c.name === column))
      throw new SelectionError(`snapshot ${name} has no column ${column}; its columns: ${spec.columns.map((c) => c.name).join(", ")}`);
  let grid: unknown;
  try {
    grid = spec.subgrid(spec.grid, where);
    spec.validate(grid);
  } catch (error) {
    throw new SelectionError(oneLine(name, error), {cause: error});
  }
  return (await spec.compute(grid)).filter((row) => rowMatches(spec.columns, row, where));
}

/** The CLI's output for --snapshot: the matching rows in the snapshot's own CSV format, header included. */
export async function reproduceCsv(name: string, where: RowFilter): Promise<string> {
  let spec: SnapshotSpec<any>;
  try {
    spec = findSnapshot(name);
  } catch (error) {
    throw new SelectionError((error as Error).message, {cause: error});
  }
  return formatCsv(spec.columns.map((c) => c.name), await recomputeRows(spec, where));
}
