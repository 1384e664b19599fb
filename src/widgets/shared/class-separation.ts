// How much of the spread of a set of 2-D (or d-D) codes the class labels explain: the between-class share of variance.

/**
 * R² of the class labels for codes (n × d): the sum of squared distances of the class centroids from the overall mean
 * (weighted by class size) over the total sum of squared distances of the codes from that mean. 1: the classes are
 * separate points; 0: every class has the same centroid.
 */
export function classVarianceShare(codes: ArrayLike<number>, labels: ArrayLike<number>, d = 2, classes = 10): number {
  const n = labels.length;
  if (!n) return 0;
  const mean = new Float64Array(d);
  const sums = new Float64Array(classes * d);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const k = labels[i]!;
    counts[k]! += 1;
    for (let j = 0; j < d; j++) {
      const v = codes[i * d + j] ?? 0;
      mean[j]! += v / n;
      sums[k * d + j]! += v;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) total += ((codes[i * d + j] ?? 0) - mean[j]!) ** 2;
  let between = 0;
  for (let k = 0; k < classes; k++) {
    if (!counts[k]) continue;
    for (let j = 0; j < d; j++) between += counts[k]! * (sums[k * d + j]! / counts[k]! - mean[j]!) ** 2;
  }
  return total > 0 ? between / total : 0;
}
