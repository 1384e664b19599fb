// The train widget's digits: the ones it keeps aside (its map and score) before its first frame, the ones it trains on after it.
import { afterFirstFrame } from '../runtime/after-first-frame.ts';
import { fetchManifest, fetchVerified, LoadError } from '../runtime/fetch-verified.ts';
import { loadHeldoutDigits, type Heldout } from '../shared/heldout.ts';
import { TRAIN_COUNT } from './trainer.ts';

interface BiasRecord {
  path: string;
  sha256: string;
  digits: number;
}

/** Indices from `from` up to (not including) `to`. */
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * The untrained model's output bias as shipped (weights/data/train-widget-bias.bin: logitMean of the digits it trains on), or null
 * when this build's manifest lists none for TRAIN_COUNT digits (the run then computes it from those digits, loaded first).
 */
async function loadOutputBias(): Promise<Float32Array | null> {
  const manifest = await fetchManifest<{ data?: { trainWidgetBias?: BiasRecord } }>();
  const rec = manifest.data?.trainWidgetBias;
  if (!rec || rec.digits !== TRAIN_COUNT) return null;
  const bias = new Float32Array(await fetchVerified(`/weights/${rec.path.replace(/^\/+/, '')}`, rec.sha256));
  if (bias.length !== 784) throw new LoadError(`${rec.path} holds ${bias.length} numbers, not 784. The site’s weights are out of date.`, 'format');
  return bias;
}

export interface TrainDigits {
  heldout: Heldout;
  /** The decoder's initial output bias, or undefined (then the training digits are already loaded, for the run to compute it). */
  outputBias: Float32Array | undefined;
  /** Loads the digits it trains on (once; a failure can be retried); resolves at once when they are here. */
  loadTraining(onProgress?: (fraction: number) => void): Promise<void>;
  /** Whether the digits it trains on have loaded. */
  trainingLoaded(): boolean;
}

/**
 * What the widget's first frame needs: the kept-aside digits and the output bias. The digits it trains on follow once
 * `widget` has drawn its first frame (and load at once when Play comes earlier).
 */
export async function loadTrainDigits(widget: string, onProgress: (fraction: number) => void): Promise<TrainDigits> {
  const index = await loadHeldoutDigits([]);
  const training = range(0, TRAIN_COUNT);
  const [, outputBias] = await Promise.all([index.load(range(TRAIN_COUNT, index.count), onProgress), loadOutputBias()]);
  let loaded = false;
  const loadTraining = async (p?: (fraction: number) => void) => {
    if (loaded) return;
    await index.load(training, p);
    loaded = true;
  };
  if (!outputBias) await loadTraining(onProgress);
  else void afterFirstFrame(widget).then(() => loadTraining().catch(() => undefined));
  return { heldout: index, outputBias: outputBias ?? undefined, loadTraining, trainingLoaded: () => loaded };
}
