// The Escape page's URL state (src/escape.md).
import {criticalTilt} from "../../lib/escape/double-well.js";
import {SAMPLING_MODE_FIELD, batchWithinN} from "./sampling-modes.js";
import {snapToStep, type Schema, type Rule} from "../url-state.js";

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
  mode: SAMPLING_MODE_FIELD,
  // The slider runs over [0, K] in steps of escapeRecordEvery; the default stands for its end.
  shown: {type: "integer", min: 0, max: ESCAPE_LAST_STEP, default: ESCAPE_LAST_STEP, label: "Step shown"},
  saddle_sigma: {type: "number", min: 0, max: 1000, step: 0.5, default: 5, label: "Noise σ (saddle)"},
  rho: {type: "number", min: 0.01, max: 0.99, step: 0.01, default: 0.5, label: "Escape radius ρ"},
} as const;

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
export const ESCAPE_URL: Schema<typeof escapeFields> = {fields: escapeFields, rules: [batchWithinN, escapeTiltBelowCritical, escapeShownOnSlider]};
