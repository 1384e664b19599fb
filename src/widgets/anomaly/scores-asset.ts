// The anomaly widget's first frame, computed once by scripts/eval-anomaly.ts --write: −ELBO of the 200 normal digits and of the
// 200 anomalies of every kind at its default strength, exactly as src/widgets/anomaly/score.ts scores them in the browser. Stored
// as little-endian float32 rows (weights/vae-16d/anomaly-scores.bin), one per entry of SCORE_ROWS. Plain data, no DOM and no tfjs.
import { ANOMALY_KINDS, KINDS, SET_SIZE, type AnomalyKind } from './corruptions.ts';

/** The rows of the asset, in order: the normal digits, then each kind of anomaly at its default strength. */
export const SCORE_ROWS = ['normal', ...ANOMALY_KINDS] as const;

/** How far (nats) a shipped score may be from one computed on another backend: float rounding only. */
export const SCORE_TOLERANCE = 0.01;

/** What the manifest records beside the file: the rows and, per kind, the strength its row was scored at. */
export interface ScoresAssetInfo {
  rows: readonly string[];
  strengths: Record<string, number>;
}

/** The scores the widget can show without its model: the normal digits', and the anomalies' per kind at the recorded strength. */
export interface ShippedScores {
  normal: Float32Array;
  /** Keyed by `${kind}|${strength}`, as the widget keys a scored set. */
  anomalies: Map<string, Float32Array>;
}

/** Packs the normal scores and each kind's scores (SCORE_ROWS order) into the asset's bytes, with the manifest's description of them. */
export function packScores(normal: Float32Array, byKind: Record<AnomalyKind, Float32Array>): { bytes: Uint8Array; info: ScoresAssetInfo } {
  const rows = [normal, ...ANOMALY_KINDS.map((k) => byKind[k])];
  const out = new Float32Array(rows.length * SET_SIZE);
  rows.forEach((r, i) => {
    if (r.length !== SET_SIZE) throw new Error(`packScores: row ${SCORE_ROWS[i]} has ${r.length} scores, not ${SET_SIZE}`);
    out.set(r, i * SET_SIZE);
  });
  const strengths = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, KINDS[k].initial]));
  return { bytes: new Uint8Array(out.buffer), info: { rows: [...SCORE_ROWS], strengths } };
}

/** Reads the asset's bytes; rows whose kind or strength no longer match the widget's (KINDS) are left out. Throws on a wrong size. */
export function unpackScores(buf: ArrayBuffer, info: ScoresAssetInfo): ShippedScores {
  if (buf.byteLength !== info.rows.length * SET_SIZE * 4)
    throw new Error(
      `The anomaly scores file has ${buf.byteLength} bytes, not ${info.rows.length * SET_SIZE * 4}. The site's weights are out of date; rebuild it.`,
    );
  const all = new Float32Array(buf.slice(0));
  const row = (i: number) => all.subarray(i * SET_SIZE, (i + 1) * SET_SIZE);
  const normalAt = info.rows.indexOf('normal');
  if (normalAt < 0) throw new Error('The anomaly scores file has no row of normal digits. The site’s weights are out of date; rebuild it.');
  const anomalies = new Map<string, Float32Array>();
  info.rows.forEach((name, i) => {
    const kind = name as AnomalyKind;
    if (!(kind in KINDS) || info.strengths[kind] !== KINDS[kind].initial) return;
    anomalies.set(`${kind}|${KINDS[kind].initial}`, row(i));
  });
  return { normal: row(normalAt), anomalies };
}
