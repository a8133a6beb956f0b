// Checks every registered snapshot before anything is computed or published: its
// identity, its schema and its grid. Each failure is one line naming the snapshot and
// the field, so a bad spec fails the build with a message that says what to fix.
import {snapshotName, type SnapshotSpec} from "./types.js";

const COLUMN_TYPES = new Set(["integer", "number", "boolean", "string"]);

/** An error message as one line that names a snapshot: its own, or else `name`'s. */
export function oneLine(name: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
  return message.startsWith("snapshot ") || !name ? message : `snapshot ${name}: ${message}`;
}

function checkSpec(spec: SnapshotSpec<unknown>, checkGrid: boolean): void {
  const label = typeof spec.id === "string" && typeof spec.version === "string" ? snapshotName(spec) : String(spec.id);
  const fail = (field: string, rule: string, value?: unknown): never => {
    throw new Error(`snapshot ${label}: field ${field} must be ${rule}${value === undefined ? "" : `; got ${JSON.stringify(value)}`}`);
  };
  if (typeof spec.id !== "string" || !/^[a-z][a-z0-9-]*$/.test(spec.id)) fail("id", "lowercase letters, digits and dashes, starting with a letter", spec.id);
  if (typeof spec.version !== "string" || !/^v[1-9][0-9]*$/.test(spec.version)) fail("version", "v1, v2, …", spec.version);
  if (typeof spec.title !== "string" || !spec.title.trim()) fail("title", "a non-empty string", spec.title);
  if (typeof spec.description !== "string" || !spec.description.trim()) fail("description", "a non-empty string", spec.description);
  if (!Array.isArray(spec.columns) || spec.columns.length === 0) fail("columns", "a non-empty list");
  const names = new Set<string>();
  for (const [i, column] of spec.columns.entries()) {
    if (typeof column.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(column.name)) fail(`columns[${i}].name`, "lowercase letters, digits and underscores", column.name);
    if (names.has(column.name)) fail(`columns[${i}].name`, "unique", column.name);
    names.add(column.name);
    if (!COLUMN_TYPES.has(column.type)) fail(`columns.${column.name}.type`, [...COLUMN_TYPES].join(", "), column.type);
    if (typeof column.unit !== "string") fail(`columns.${column.name}.unit`, 'a string ("" when unitless)', column.unit);
    if (typeof column.description !== "string" || !column.description.trim()) fail(`columns.${column.name}.description`, "a non-empty string", column.description);
  }
  if (!Array.isArray(spec.sources) || spec.sources.length === 0 || !spec.sources.every((url) => url instanceof URL && url.protocol === "file:"))
    fail("sources", "a non-empty list of file: URLs of the modules that compute the rows");
  if (typeof spec.compute !== "function") fail("compute", "a function");
  if (typeof spec.validate !== "function") fail("validate", "a function");
  if (spec.subgrid !== undefined && typeof spec.subgrid !== "function") fail("subgrid", "a function or absent");
  if (!checkGrid) return;
  try {
    spec.validate(spec.grid);
  } catch (error) {
    throw new Error(oneLine(label, error), {cause: error});
  }
}

export interface CheckOptions {
  /**
   * Whose grids to validate (default: every spec's). A loader that publishes one
   * snapshot validates only that grid: some validations read datasets, and each of the
   * build's ~20 loader runs would otherwise repeat all of them.
   */
  grids?: (spec: SnapshotSpec<any>) => boolean;
}

/**
 * Throws one line naming the snapshot and the field for the first malformed spec:
 * bad id or version, a duplicated id + version, an empty or malformed schema, or a
 * grid its own validate() rejects (empty lists, m > N without replacement, σ < 0, …).
 */
export function checkSpecs(specs: readonly SnapshotSpec<any>[], {grids = () => true}: CheckOptions = {}): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    checkSpec(spec, grids(spec));
    const name = snapshotName(spec);
    if (seen.has(name)) throw new Error(`snapshot ${name}: field id/version is duplicated (two registered snapshots are both ${name}; give one a new id or version)`);
    seen.add(name);
  }
}
