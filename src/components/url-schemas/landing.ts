// The landing page's URL state (src/index.md): its demo always uses N = 1000, so any m in range is valid.
import {SAMPLING_MODES} from "./sampling-modes.js";
import type {Schema, EnumField} from "../url-state.js";

const landingFields = {
  m: {type: "integer", min: 1, max: 1000, default: 16, label: "Batch size m"},
  mode: {type: "enum", options: SAMPLING_MODES, default: "without replacement", label: "Sampling"} as EnumField<(typeof SAMPLING_MODES)[number]>,
} as const;

/** The landing page: src/index.md. */
export const LANDING_URL: Schema<typeof landingFields> = {fields: landingFields};
