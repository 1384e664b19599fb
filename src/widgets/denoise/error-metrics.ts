// Error numbers against the clean digit: mean squared error and PSNR (peak 1), in plain JavaScript.

/** Mean squared error per pixel between two equal-length images. */
export function mse(clean: ArrayLike<number>, x: ArrayLike<number>): number {
  if (clean.length !== x.length || clean.length === 0) throw new Error(`mse: images of ${clean.length} and ${x.length} pixels`);
  let s = 0;
  for (let i = 0; i < clean.length; i++) s += (clean[i]! - x[i]!) ** 2;
  return s / clean.length;
}

/** Peak signal-to-noise ratio in dB for pixels in [0, 1]: 10·log10(1 / MSE). Infinity for identical images. */
export function psnr(clean: ArrayLike<number>, x: ArrayLike<number>): number {
  const e = mse(clean, x);
  return e === 0 ? Infinity : 10 * Math.log10(1 / e);
}

/** "16.5 dB", or "∞ dB" for a perfect copy. */
export function formatPsnr(db: number): string {
  return Number.isFinite(db) ? `${db.toFixed(1)} dB` : '∞ dB';
}

/** "106 nats" (binary cross-entropy summed over the 784 pixels). */
export function formatBce(nats: number): string {
  return `${nats.toFixed(0)} nats`;
}

export interface Scores {
  noisy: number;
  dae: number;
  ae: number;
}

/** A sentence naming which of the three images is closest to the clean digit by PSNR. */
export function verdict(p: Scores): string {
  const names: Record<keyof Scores, string> = { noisy: 'the noisy input', dae: 'the denoising model', ae: 'the plain autoencoder' };
  const order = (Object.keys(names) as (keyof Scores)[]).sort((a, b) => p[b] - p[a]);
  const [best, ...rest] = order as [keyof Scores, keyof Scores, keyof Scores];
  return `Closest to the clean digit: ${names[best]} (${formatPsnr(p[best])}), then ${names[rest[0]]} (${formatPsnr(p[rest[0]])}), then ${names[rest[1]]} (${formatPsnr(p[rest[1]])}).`;
}
