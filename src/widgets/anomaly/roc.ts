// Scores into an ROC curve: the area under it (the chance that a random anomaly scores above a random normal digit) and the
// true and false positive rates of a threshold. Plain JavaScript, shared by the widget and scripts/eval-anomaly.ts.

/** AUC = P(anomaly score > normal score) + ½ P(equal), by ranks (Mann–Whitney U / (n₀ n₁)). */
export function rocAuc(normal: ArrayLike<number>, anomalous: ArrayLike<number>): number {
  const all = [...Array.from(normal, (v) => ({ v, a: 0 })), ...Array.from(anomalous, (v) => ({ v, a: 1 }))].sort((p, q) => p.v - q.v);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.a) rankSum += mid;
    i = j + 1;
  }
  const n1 = anomalous.length;
  const n0 = normal.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n0 * n1);
}

/** The share of scores strictly above the threshold (flagged as anomalies). */
export function flaggedShare(scores: ArrayLike<number>, threshold: number): number {
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > threshold) n++;
  return scores.length ? n / scores.length : 0;
}

/** The ROC curve as (false positive rate, true positive rate) points, from flagging nothing to flagging everything. */
export function rocCurve(normal: ArrayLike<number>, anomalous: ArrayLike<number>): [number, number][] {
  const cuts = [...new Set([...Array.from(normal), ...Array.from(anomalous)])].sort((a, b) => b - a);
  const pts: [number, number][] = [[0, 0]];
  for (const c of cuts)
    pts.push([flaggedShare(normal, c - 1e-9 * Math.max(1, Math.abs(c))), flaggedShare(anomalous, c - 1e-9 * Math.max(1, Math.abs(c)))]);
  return pts;
}
