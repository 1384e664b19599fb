// The retrieval widget's URL state: the query, a held-out digit (−1: a drawing, which the link cannot carry).
import { intField } from '../runtime/url-state.ts';

/**
 * A held-out 2 whose code neighbours are nearly all 2s while its pixel neighbours mostly are not. It is one of the searched
 * digits (left out of its own neighbours). Its first frame ships (frame.ts), so the live search downloads only the searched digits.
 */
export const DEFAULT_QUERY = 626;

export const retrievalSchema = {
  query: intField(-1, 1999, DEFAULT_QUERY),
};
