// The Variance page's URL state (src/variance.md); url-schemas.ts has the rest.
import {REFERENCE} from "../../lib/experiment.js";
import {GENERATOR_NAMES, type GeneratorName} from "../../lib/generators.js";
import {SAMPLING_MODE_FIELD} from "./sampling-modes.js";
import type {Schema, EnumField, Rule} from "../url-state.js";

const varianceFields = {
  n: {type: "integer", min: 1, max: 100_000, default: REFERENCE.n, label: "Population size N"},
  gradient: {type: "number", min: -1_000_000, max: 1_000_000, step: 0.1, default: REFERENCE.gradient, label: "True gradient"},
  noise: {type: "number", min: 0, max: 4, step: 0.05, default: REFERENCE.noise, label: "Noise σ"},
  trials: {type: "integer", min: 2, max: 100_000, default: REFERENCE.trials, label: "Batches T per size"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: REFERENCE.seed, label: "Seed"},
  batch: {type: "list", min: 1, max: 100_000, maxItems: 12, default: REFERENCE.batchSizes, label: "Batch sizes m"},
  mode: SAMPLING_MODE_FIELD,
  generator: {type: "enum", options: GENERATOR_NAMES, default: "default", label: "Random generator"} as EnumField<GeneratorName>,
  theory: {type: "boolean", default: true, label: "Show theory"},
  snapshot: {type: "boolean", default: true, label: "Show snapshot band"},
} as const;

/** Without replacement, a batch cannot be larger than the population. */
const batchWithinPopulation: Rule<typeof varianceFields> = ({n, batch, mode}) => {
  if (mode !== "without replacement" || batch.every((m) => m <= n)) return null;
  const kept = batch.filter((m) => m <= n);
  return {name: "batch", value: kept.length ? kept : [n], reason: `without replacement a batch cannot exceed N = ${n}, so larger sizes were dropped`};
};

/** The Variance page: src/variance.md. */
export const VARIANCE_URL: Schema<typeof varianceFields> = {fields: varianceFields, rules: [batchWithinPopulation]};
