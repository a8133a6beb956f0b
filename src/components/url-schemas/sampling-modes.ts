// The two ways a batch is drawn, as the pages' radio inputs and URLs name them.
export const SAMPLING_MODES = ["without replacement", "with replacement"] as const;
