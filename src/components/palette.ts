// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and
// readable on both the light and the dark theme: each has a contrast of at least 3:1 (WCAG's
// minimum for graphics) against both backgrounds, which test/browser/a11y.test.ts checks.
// That rules out Okabe–Ito's orange, sky blue and yellow (about 2:1 on white) and a light grey.
export const PALETTE = {
  live: "#d55e00",
  iid: "#0072b2",
  fpc: "#009e73",
  band: "#cc79a7",
  snapshot: "#808080",
} as const;
