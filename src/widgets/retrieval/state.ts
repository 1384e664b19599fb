// The retrieval widget's URL state: the query, a held-out digit (−1: a drawing, which the link cannot carry).
import { intField } from '../runtime/url-state.ts';

/** A held-out 5 whose code neighbours are nearly all 5s while its pixel neighbours mostly are not. */
export const DEFAULT_QUERY = 1027;

export const retrievalSchema = {
  query: intField(-1, 1999, DEFAULT_QUERY),
};
