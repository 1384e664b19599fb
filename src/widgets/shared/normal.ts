// The normal distribution: density, CDF and inverse CDF (the KL sandbox, the reparameterization lab, the manifold grid's coordinates).

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; m, s²): the log-density of a normal with mean m and standard deviation s (default: the standard normal). */
export function normLogPdf(z: number, m = 0, s = 1): number {
  const u = (z - m) / s;
  return -0.5 * LOG_2PI - Math.log(s) - 0.5 * u * u;
}

/** N(z; m, s²): the density of a normal with mean m and standard deviation s (default: the standard normal). */
export function normPdf(z: number, m = 0, s = 1): number {
  return Math.exp(normLogPdf(z, m, s));
}

/** Φ⁻¹(p): the inverse of the standard normal CDF, by Acklam's rational approximation with one Newton step (|error| < 1e-12). */
export function invNormCdf(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  // One step of Halley's method on Φ(x) − p.
  const e = normCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Φ(x): the standard normal CDF, via erfc (W. J. Cody's rational approximations, |error| < 1e-14). */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The complementary error function, accurate to about 1e-15 relative error (Numerical Recipes' erfc with Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  const cof = [
    -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4,
    4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9,
    -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15,
    -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
  ];
  let d = 0;
  let dd = 0;
  for (let j = cof.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + cof[j]!;
    dd = tmp;
  }
  const r = t * Math.exp(-z * z + 0.5 * (cof[0]! + ty * d) - dd);
  return x >= 0 ? r : 2 - r;
}

/** The n coordinates of a manifold grid's rows or columns: Φ⁻¹((i + ½) / n), i = 0 … n − 1 (ascending). */
export function gridCoords(n: number): number[] {
  return Array.from({ length: n }, (_, i) => invNormCdf((i + 0.5) / n));
}

/** Which of n inverse-CDF cells a coordinate falls in (0 … n − 1). */
export function gridCell(z: number, n: number): number {
  return Math.max(0, Math.min(n - 1, Math.floor(normCdf(z) * n)));
}
