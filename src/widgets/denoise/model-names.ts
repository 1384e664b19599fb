// The denoise widget's two models by name, in plain data (no tfjs), so that its shipped first frame imports no model code.

/** The denoising model and its same-architecture plain twin (scripts/train/config.ts). */
export const DAE_MODEL = 'dae';
export const PLAIN_MODEL = 'ae-16';
