// The landing page's URL state (src/index.md): its demo always uses N = 1000, so any m in range is valid.
import {SAMPLING_MODE_FIELD} from "./sampling-modes.js";
import type {Schema} from "../url-state.js";

const landingFields = {
  m: {type: "integer", min: 1, max: 1000, default: 16, label: "Batch size m"},
  mode: SAMPLING_MODE_FIELD,
} as const;

/** The landing page: src/index.md. */
export const LANDING_URL: Schema<typeof landingFields> = {fields: landingFields};
