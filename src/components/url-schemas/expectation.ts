// The Expectation page's URL state (src/expectation.md).
import {REFERENCE} from "../../lib/experiment.js";
import {MAX_SAMPLED} from "../expectation-live.js";
import {SAMPLING_MODE_FIELD, batchWithinN} from "./sampling-modes.js";
import type {Schema, Rule} from "../url-state.js";

const expectationFields = {
  n: {type: "integer", min: 1, max: 100_000, default: REFERENCE.n, label: "Population size N"},
  gradient: {type: "number", min: -1_000_000, max: 1_000_000, step: 0.1, default: REFERENCE.gradient, label: "True gradient μ"},
  noise: {type: "number", min: 0, max: 4, step: 0.05, default: REFERENCE.noise, label: "Noise σ"},
  m: {type: "integer", min: 1, max: 100_000, default: 16, label: "Batch size m"},
  trials: {type: "integer", min: 2, max: 1_000_000, default: REFERENCE.trials, label: "Batches T"},
  seed: {type: "integer", min: 0, max: 0xffffffff, default: REFERENCE.seed, label: "Seed"},
  mode: SAMPLING_MODE_FIELD,
  tilt: {type: "number", min: 0, max: 20, step: 0.5, default: 4, label: "Sampler tilt"},
} as const;

/** A live run samples at most MAX_SAMPLED gradients (liveRun); T gives way, as m is the subject of the page. */
const expectationWithinBudget: Rule<typeof expectationFields> = ({m, trials}) =>
  trials * m > MAX_SAMPLED
    ? {name: "trials", value: Math.floor(MAX_SAMPLED / m), reason: `T × m may be at most ${MAX_SAMPLED.toLocaleString("en-US")} in a live run, so T was lowered for m = ${m}`}
    : null;

/** The Expectation page: src/expectation.md. The batch rule runs first: it can only lower m, which keeps T × m in budget. */
export const EXPECTATION_URL: Schema<typeof expectationFields> = {fields: expectationFields, rules: [batchWithinN, expectationWithinBudget]};
