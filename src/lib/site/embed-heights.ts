// Each widget's embed page height in px at 700 px wide, once live (measured in Chromium by scripts/embed-heights.ts):
// the iframe height of an embed snippet when the parent page runs no resize script.

/** Measured heights of /embed/<widget>/ at 700 px wide, with its text shown. */
export const EMBED_HEIGHTS: Record<string, number> = {
  draw: 1316,
  'latent-walk': 1662,
  'kl-vs-recon': 2259,
  denoise: 969,
  'kl-sandbox': 1028,
  reparam: 1543,
  posterior: 1542,
  train: 2626,
  cvae: 1892,
  attributes: 1295,
  'ae-variants': 2090,
};

/** The height used for a widget that has not been measured. */
export const FALLBACK_EMBED_HEIGHT = 1000;
