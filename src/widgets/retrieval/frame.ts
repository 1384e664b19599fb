// The retrieval widget's shipped first frame (shared/decoded-frames.ts): for the default query, its picture and its eight code
// and eight pixel neighbours (held-out digits, so their 8-bit pictures are exact), with the neighbours' indices and distances as
// the widget's own search finds them. With it the first frame needs neither TensorFlow.js, nor the encoder, nor the 1,000 searched
// digits; those come after it. Plain data: the widget, scripts/eval-frames.ts and the unit tests share it.
import type { DecodedFramesRecord } from '../shared/decoded-frames.ts';
import type { Neighbour } from './neighbours.ts';
import type { Space } from './view.ts';
import { DEFAULT_QUERY } from './state.ts';

/** The model whose codes the widget searches. */
export const RETRIEVAL_MODEL = 'vae-16d';
/** The queries whose first frame ships: the default one. */
export const FRAME_QUERIES: readonly number[] = [DEFAULT_QUERY];

/** The group holding query q's picture. */
export const queryKey = (q: number): string => `query:${q}`;
/** The group holding the pictures of query q's neighbours in `space`, nearest first. */
export const rowKey = (space: Space, q: number): string => `${space}:${q}`;

/** A shipped retrieval frame: the pictures, and per query (by index) its neighbours in each space. */
export interface RetrievalFrameRecord extends DecodedFramesRecord {
  neighbours: Record<string, Record<Space, Neighbour[]>>;
}

/** Whether a frames record carries retrieval neighbours for query q, and the groups its pictures need. */
export function hasRetrievalFrame(rec: DecodedFramesRecord | null, q: number): rec is RetrievalFrameRecord {
  const n = (rec as Partial<RetrievalFrameRecord> | null)?.neighbours?.[String(q)];
  return !!n && !!rec?.groups[queryKey(q)] && !!rec.groups[rowKey('code', q)] && !!rec.groups[rowKey('pixel', q)] && !!n.code && !!n.pixel;
}
