// Parsing of reader- and command-line-supplied lists, shared by the CLI and the pages.
import {ParameterError} from "./validate.js";

/** "1, 4,16" → [1, 4, 16]. Entries must be integers ≥ 1; order is kept, duplicates dropped. */
export function parseBatchSizes(text: string, {name = "batch sizes", max = Infinity} = {}): number[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === ""))
    throw new ParameterError(name, text, "a comma-separated list of integers such as 1,4,16,64,256");
  const sizes: number[] = [];
  for (const part of parts) {
    const m = /^[0-9]+$/.test(part) ? Number(part) : NaN;
    if (!Number.isInteger(m) || m < 1 || m > max)
      throw new ParameterError(name, part, `integers in [1, ${max}]`);
    if (!sizes.includes(m)) sizes.push(m);
  }
  return sizes;
}
