// Building blocks for a spec's subgrid(grid, where): restrict one grid field to the
// values a row filter asks for, failing with gridError's one line when a value is off
// the grid. See varianceSubgrid in variance.ts for a whole example.
import type {Cell} from "./csv.js";
import type {RowFilter} from "./types.js";

type Fail = (field: string, value: unknown, allowed: string) => never;

const list = (values: readonly unknown[]) => values.map(String).join(", ");

/** The grid's values that `where[column]` allows (all of them when the column is not filtered). */
export function pickValues<T extends Cell>(fail: Fail, field: string, column: string, values: readonly T[], where: RowFilter): T[] {
  const wanted = where[column];
  if (wanted === undefined) return [...values];
  for (const value of wanted) if (!values.includes(value as T)) fail(field, value, `one of ${list(values)}`);
  return values.filter((value) => wanted.includes(value));
}

/** Checks a fixed grid parameter (e.g. T) against the filter. */
export function pickFixed<T extends Cell>(fail: Fail, field: string, column: string, value: T, where: RowFilter): T {
  for (const wanted of where[column] ?? []) if (wanted !== value) fail(field, wanted, `${String(value)} (fixed in this snapshot)`);
  return value;
}

/** The smallest contiguous seed range that holds every seed the filter asks for. */
export function pickSeeds(fail: Fail, seeds: {from: number; count: number}, where: RowFilter, column = "seed"): {from: number; count: number} {
  const wanted = where[column];
  if (wanted === undefined) return {...seeds};
  const last = seeds.from + seeds.count - 1;
  for (const seed of wanted)
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < seeds.from || seed > last) fail("seeds", seed, `an integer in [${seeds.from}, ${last}]`);
  const numbers = wanted as number[];
  const from = Math.min(...numbers);
  return {from, count: Math.max(...numbers) - from + 1};
}

/** Whether a row matches the filter on every column the filter names. */
export function rowMatches(columns: readonly {name: string}[], row: readonly Cell[], where: RowFilter): boolean {
  return columns.every((column, i) => where[column.name] === undefined || where[column.name].includes(row[i]));
}
