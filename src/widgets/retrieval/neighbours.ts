// Nearest neighbours by Euclidean distance, in code space or pixel space, and the precision@k they reach: shared by the
// retrieval widget and `npm run eval` (scripts/eval.ts), so the number the chapter quotes is the widget's own search.

/** The searched digits are held-out digits 0 … 999; queries come from 1,000 … 1,999, so a query is never its own neighbour. */
export const DATABASE_SIZE = 1000;
export const QUERY_FIRST = 1000;
/** How many neighbours are shown and scored. */
export const K = 8;

export interface Neighbour {
  index: number;
  distance: number;
}

/**
 * The k items of `base` (count rows of dim values) nearest to `query` (dim values) by Euclidean distance, nearest first;
 * ties go to the lower index. `skip` (an index) is left out, for a query that is itself in the base.
 */
export function nearest(query: ArrayLike<number>, base: ArrayLike<number>, dim: number, count: number, k = K, skip = -1): Neighbour[] {
  const best: Neighbour[] = [];
  for (let i = 0; i < count; i++) {
    if (i === skip) continue;
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = query[j]! - base[o + j]!;
      s += v * v;
    }
    if (best.length === k && s >= best[k - 1]!.distance) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.distance > s) at--;
    best.splice(at, 0, { index: i, distance: s });
    if (best.length > k) best.pop();
  }
  return best.map((b) => ({ index: b.index, distance: Math.sqrt(b.distance) }));
}

/** The share of neighbours whose label is the query's. */
export function sameLabelShare(neighbours: readonly Neighbour[], queryLabel: number, labels: ArrayLike<number>): number {
  if (!neighbours.length) return 0;
  return neighbours.filter((n) => labels[n.index] === queryLabel).length / neighbours.length;
}

/**
 * Precision@k over queries: for each query row q (dim values in `queries`, label queryLabels[q]), the share of its k
 * nearest base rows with the same label, averaged over all queries.
 */
export function precisionAtK(
  queries: ArrayLike<number>,
  queryLabels: ArrayLike<number>,
  base: ArrayLike<number>,
  baseLabels: ArrayLike<number>,
  dim: number,
  k = K,
): number {
  const n = queryLabels.length;
  const count = baseLabels.length;
  let sum = 0;
  const q = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) q[j] = queries[i * dim + j]!;
    sum += sameLabelShare(nearest(q, base, dim, count, k), queryLabels[i]!, baseLabels);
  }
  return sum / n;
}
