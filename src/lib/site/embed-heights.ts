// Each widget's embed page height in px at 700 px wide, once live (measured in Chromium by scripts/embed-heights.ts):
// the iframe height of an embed snippet when the parent page runs no resize script.

/** Measured heights of /embed/<widget>/ at 700 px wide, with its text shown. */
export const EMBED_HEIGHTS: Record<string, number> = {
  draw: 942,
  'latent-walk': 1616,
  'kl-vs-recon': 2182,
  denoise: 905,
  'kl-sandbox': 963,
  reparam: 1478,
  posterior: 1478,
  train: 2562,
  cvae: 1828,
  attributes: 1249,
  'ae-variants': 2026,
  blur: 975,
  anomaly: 1476,
  'better-prior': 1252,
  retrieval: 676,
};

/** The height used for a widget that has not been measured. */
export const FALLBACK_EMBED_HEIGHT = 1000;
