// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and
// readable on both the light and the dark theme.
export const PALETTE = {
  live: "#e69f00",
  iid: "#56b4e9",
  fpc: "#009e73",
  band: "#cc79a7",
  snapshot: "#999999",
} as const;
