// The Real loss page's URL state (src/real-loss.md).
import {REFERENCE_PATH} from "../../lib/regression.js";
import {SAMPLING_MODE_FIELD} from "./sampling-modes.js";
import type {Schema, EnumField, Rule} from "../url-state.js";

export const REGRESSION_DATASETS = ["penguins", "diamonds"] as const;
export type RegressionDatasetId = (typeof REGRESSION_DATASETS)[number];
/** N of each dataset after dropping incomplete rows (data-loaders/datasets.ts; a test checks these). */
export const REGRESSION_DATASET_SIZES: Readonly<Record<RegressionDatasetId, number>> = {penguins: 342, diamonds: 53_940};
const LARGEST_DATASET = Math.max(...Object.values(REGRESSION_DATASET_SIZES));

const realLossFields = {
  dataset: {type: "enum", options: REGRESSION_DATASETS, default: "penguins", label: "Dataset"} as EnumField<RegressionDatasetId>,
  slope: {type: "number", min: -3, max: 3, step: 0.01, default: REFERENCE_PATH.start.slope, label: "Start slope w₁"},
  intercept: {type: "number", min: -3, max: 3, step: 0.01, default: REFERENCE_PATH.start.intercept, label: "Start intercept w₀"},
  lr: {type: "number", min: 0.005, max: 0.9, step: 0.005, default: REFERENCE_PATH.learningRate, label: "Learning rate η"},
  step: {type: "integer", min: 0, max: REFERENCE_PATH.steps, default: 0, label: "Step k"},
  // The page's inputs for m, B_small and B_big run up to the chosen dataset's N; the rules below apply it.
  m: {type: "integer", min: 1, max: LARGEST_DATASET, default: 16, label: "Batch size m"},
  mode: SAMPLING_MODE_FIELD,
  batches: {type: "number", min: 50, max: 2000, step: 10, default: 500, label: "Mini-batches T"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: 0, label: "Seed"},
  b_small: {type: "integer", min: 1, max: LARGEST_DATASET, default: 8, label: "B_small"},
  b_big: {type: "integer", min: 2, max: LARGEST_DATASET, default: 128, label: "B_big"},
  pairs: {type: "integer", min: 1, max: 1000, default: 10, label: "Pairs r"},
} as const;

/** A field whose input runs from its minimum to the dataset's N. */
const withinDataset = (name: "m" | "b_big"): Rule<typeof realLossFields> => (values) => {
  const n = REGRESSION_DATASET_SIZES[values.dataset];
  return values[name] > n ? {name, value: n, reason: `${values.dataset} has N = ${n} rows, so it was lowered to N`} : null;
};

/** The two-batch estimator needs B_small < B_big (checkTwoBatch); B_big ≥ 2, so B_big − 1 is always a valid B_small. */
const smallBelowBig: Rule<typeof realLossFields> = ({b_small, b_big}) =>
  b_small >= b_big ? {name: "b_small", value: b_big - 1, reason: `B_small must be smaller than B_big = ${b_big}, so B_small = B_big − 1`} : null;

/** The Real loss page: src/real-loss.md. B_big is capped before B_small is compared with it. */
export const REAL_LOSS_URL: Schema<typeof realLossFields> = {fields: realLossFields, rules: [withinDataset("m"), withinDataset("b_big"), smallBelowBig]};
