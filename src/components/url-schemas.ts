// The URL-state schema of each page (see url-state.ts): which query parameters a page
// reads, their ranges and defaults (the same as the page's inputs), and the rules that tie
// them together. The tests feed every schema in URL_SCHEMAS random query strings.
import {REFERENCE} from "../lib/experiment.js";
import {GENERATOR_NAMES, type GeneratorName} from "../lib/generators.js";
import {REFERENCE_PATH} from "../lib/regression.js";
import {criticalTilt} from "../lib/escape/double-well.js";
import {MAX_SAMPLED} from "./expectation-live.js";
import {snapToStep, type Schema, type EnumField, type Rule} from "./url-state.js";

export const SAMPLING_MODES = ["without replacement", "with replacement"] as const;

const varianceFields = {
  n: {type: "integer", min: 1, max: 100_000, default: REFERENCE.n, label: "Population size N"},
  gradient: {type: "number", min: -1_000_000, max: 1_000_000, step: 0.1, default: REFERENCE.gradient, label: "True gradient"},
  noise: {type: "number", min: 0, max: 4, step: 0.05, default: REFERENCE.noise, label: "Noise σ"},
  trials: {type: "integer", min: 2, max: 100_000, default: REFERENCE.trials, label: "Batches T per size"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: REFERENCE.seed, label: "Seed"},
  batch: {type: "list", min: 1, max: 100_000, maxItems: 12, default: REFERENCE.batchSizes, label: "Batch sizes m"},
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
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

// ---- The landing page (src/index.md): its demo always uses N = 1000, so any m in range is valid. ----

const landingFields = {
  m: {type: "integer", min: 1, max: 1000, default: 16, label: "Batch size m"},
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
} as const;

/** The landing page: src/index.md. */
export const LANDING_URL: Schema<typeof landingFields> = {fields: landingFields};

// ---- The Expectation page (src/expectation.md). ----

const expectationFields = {
  n: {type: "integer", min: 1, max: 100_000, default: REFERENCE.n, label: "Population size N"},
  gradient: {type: "number", min: -1_000_000, max: 1_000_000, step: 0.1, default: REFERENCE.gradient, label: "True gradient μ"},
  noise: {type: "number", min: 0, max: 4, step: 0.05, default: REFERENCE.noise, label: "Noise σ"},
  m: {type: "integer", min: 1, max: 100_000, default: 16, label: "Batch size m"},
  trials: {type: "integer", min: 2, max: 1_000_000, default: REFERENCE.trials, label: "Batches T"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: REFERENCE.seed, label: "Seed"},
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
  tilt: {type: "number", min: 0, max: 20, step: 0.5, default: 4, label: "Sampler tilt"},
} as const;

/** Without replacement a batch cannot be larger than the population (checkSampler). */
const expectationBatchWithinPopulation: Rule<typeof expectationFields> = ({n, m, mode}) =>
  mode === "without replacement" && m > n ? {name: "m", value: n, reason: `without replacement a batch cannot exceed N = ${n}, so m = N`} : null;

/** A live run samples at most MAX_SAMPLED gradients (liveRun); T gives way, as m is the subject of the page. */
const expectationWithinBudget: Rule<typeof expectationFields> = ({m, trials}) =>
  trials * m > MAX_SAMPLED
    ? {name: "trials", value: Math.floor(MAX_SAMPLED / m), reason: `T × m may be at most ${MAX_SAMPLED.toLocaleString("en-US")} in a live run, so T was lowered for m = ${m}`}
    : null;

/** The Expectation page: src/expectation.md. The batch rule runs first: it can only lower m, which keeps T × m in budget. */
export const EXPECTATION_URL: Schema<typeof expectationFields> = {fields: expectationFields, rules: [expectationBatchWithinPopulation, expectationWithinBudget]};

// ---- The Real loss page (src/real-loss.md). ----

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
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
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

// ---- The Escape page (src/escape.md). ----

/**
 * Steps between the positions the Escape page stores for its "Step shown" slider (the
 * slider's step): at most ~400,000 stored positions (3 MB). The page and its schema share it.
 */
export const escapeRecordEvery = ({runs, steps}: {runs: number; steps: number}): number => Math.max(1, Math.ceil((runs * (steps + 1)) / 400000));

/** The largest K: as a "Step shown", it stands for the last recorded step, whatever K is. */
const ESCAPE_LAST_STEP = 100_000;

/** Where the "Step shown" slider stands for a shown step from the URL: on its grid, at most the last recorded step. */
export function escapeShownStep(shown: number, {runs, steps}: {runs: number; steps: number}): number {
  const every = escapeRecordEvery({runs, steps});
  const last = steps - (steps % every);
  return Math.min(last, Math.round(shown / every) * every);
}

const escapeFields = {
  eta: {type: "number", min: 0.0001, max: 1, step: 0.0001, default: 0.01, label: "Learning rate η"},
  m: {type: "integer", min: 1, max: 100_000, default: 16, label: "Batch size m"},
  sigma: {type: "number", min: 0, max: 1000, step: 0.5, default: 20, label: "Noise σ (double well)"},
  n: {type: "integer", min: 2, max: 100_000, default: 1000, label: "Data points N"},
  h: {type: "number", min: 0.01, max: 100, step: 0.01, default: 1, label: "Well height h"},
  a: {type: "number", min: -100, max: 100, step: 0.01, default: 0.7, label: "Tilt a"},
  steps: {type: "integer", min: 1, max: 100_000, default: 1000, label: "Steps K"},
  runs: {type: "integer", min: 1, max: 10_000, default: 100, label: "Runs"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: 0, label: "Seed"},
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
  // The slider runs over [0, K] in steps of escapeRecordEvery; the default stands for its end.
  shown: {type: "integer", min: 0, max: ESCAPE_LAST_STEP, default: ESCAPE_LAST_STEP, label: "Step shown"},
  saddle_sigma: {type: "number", min: 0, max: 1000, step: 0.5, default: 5, label: "Noise σ (saddle)"},
  rho: {type: "number", min: 0.01, max: 0.99, step: 0.01, default: 0.5, label: "Escape radius ρ"},
} as const;

/** Without replacement a batch cannot be larger than the data (checkSampler). */
const escapeBatchWithinData: Rule<typeof escapeFields> = ({n, m, mode}) =>
  mode === "without replacement" && m > n ? {name: "m", value: n, reason: `without replacement a batch cannot exceed N = ${n}, so m = N`} : null;

/** The well needs |a| < 8h/(3√3) (checkDoubleWell): a moves to the nearest tilt on its 0.01 grid that keeps a shallow well. */
const escapeTiltBelowCritical: Rule<typeof escapeFields> = ({h, a}) => {
  const critical = criticalTilt(h);
  if (Math.abs(a) < critical) return null;
  let k = Math.ceil(critical * 100); // the largest k with k/100 < critical: k ≥ 1, since h ≥ 0.01 gives critical > 0.015
  while (!(snapToStep(k / 100, 0, 0.01) < critical)) --k;
  return {name: "a", value: Math.sign(a) * snapToStep(k / 100, 0, 0.01), reason: `|a| must be below 8h/(3√3) = ${critical.toPrecision(6)} for h = ${h}, or the loss has no shallow well`};
};

/** "Step shown" must be a step of the slider: on its grid and at most the last recorded step. */
const escapeShownOnSlider: Rule<typeof escapeFields> = ({shown, steps, runs}) => {
  if (shown === ESCAPE_LAST_STEP) return null;
  const every = escapeRecordEvery({runs, steps});
  const last = steps - (steps % every);
  if (shown > last) return {name: "shown", value: last, reason: `beyond the last recorded step of K = ${steps}, so the slider starts at the end`};
  if (shown % every !== 0) return {name: "shown", value: escapeShownStep(shown, {runs, steps}), reason: `with ${runs} runs of K = ${steps} steps the slider moves in steps of ${every}`};
  return null;
};

/** The Escape page: src/escape.md. */
export const ESCAPE_URL: Schema<typeof escapeFields> = {fields: escapeFields, rules: [escapeBatchWithinData, escapeTiltBelowCritical, escapeShownOnSlider]};

/** Every page's schema, by page path. */
export const URL_SCHEMAS: Record<string, Schema> = {
  "/variance": VARIANCE_URL as unknown as Schema,
  "/": LANDING_URL as unknown as Schema,
  "/expectation": EXPECTATION_URL as unknown as Schema,
  "/real-loss": REAL_LOSS_URL as unknown as Schema,
  "/escape": ESCAPE_URL as unknown as Schema,
};
