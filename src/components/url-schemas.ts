// The URL-state schema of each page (see url-state.ts): which query parameters a page
// reads, their ranges and defaults (the same as the page's inputs), and the rules that tie
// them together. Each page's schema is a module of its own in url-schemas/, so that a page
// loads only its own (and what its limits come from); the tests feed every schema in
// URL_SCHEMAS random query strings.
import type {Schema} from "./url-state.js";
import {VARIANCE_URL} from "./url-schemas/variance.js";
import {LANDING_URL} from "./url-schemas/landing.js";
import {EXPECTATION_URL} from "./url-schemas/expectation.js";
import {REAL_LOSS_URL} from "./url-schemas/real-loss.js";
import {ESCAPE_URL} from "./url-schemas/escape.js";

export {VARIANCE_URL, LANDING_URL, EXPECTATION_URL, REAL_LOSS_URL, ESCAPE_URL};
export {REGRESSION_DATASETS, REGRESSION_DATASET_SIZES} from "./url-schemas/real-loss.js";
export {escapeRecordEvery, escapeShownStep} from "./url-schemas/escape.js";

/** Every page's schema, by page path. */
export const URL_SCHEMAS: Record<string, Schema> = {
  "/variance": VARIANCE_URL as unknown as Schema,
  "/": LANDING_URL as unknown as Schema,
  "/expectation": EXPECTATION_URL as unknown as Schema,
  "/real-loss": REAL_LOSS_URL as unknown as Schema,
  "/escape": ESCAPE_URL as unknown as Schema,
};
