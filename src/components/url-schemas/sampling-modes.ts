// What every page's URL state shares about how a batch is drawn: the two modes, as the pages'
// radio inputs and URLs name them, the Sampling field, and the rule that ties m to N.
import type {EnumField, IntegerField, Rule} from "../url-state.js";

export const SAMPLING_MODES = ["without replacement", "with replacement"] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

/** The Sampling input, the same on every page. */
export const SAMPLING_MODE_FIELD: EnumField<SamplingMode> = {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"};

/** Without replacement a batch cannot be larger than the N it is drawn from (checkSampler): m becomes N. */
export const batchWithinN: Rule<{n: IntegerField; m: IntegerField; mode: EnumField<SamplingMode>}> = ({n, m, mode}) =>
  mode === "without replacement" && m > n ? {name: "m", value: n, reason: `without replacement a batch cannot exceed N = ${n}, so m = N`} : null;
