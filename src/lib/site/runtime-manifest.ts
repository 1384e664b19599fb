// The manifest the browser reads: weights/manifest.json without what only the build and the trainer use (training histories,
// storage alternatives, float32 metrics, hyperparameters, held-out ids). Build-time <Metric> numbers keep reading the full file.

type Json = Record<string, unknown>;

/** Per-model fields the widgets never read. */
const MODEL_DROP = ['history', 'storageAlternatives', 'metricsFloat32', 'hyper', 'description', 'wallTimeSec', 'backend', 'seed', 'epochs'];
/** Data-section fields the widgets never read (the held-out digits' MNIST ids, provenance text). */
const DATA_DROP = ['heldoutIds', 'source', 'splitSeed'];

const without = (o: Json, keys: string[]): Json => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** The runtime subset of a full manifest: files, hashes, architecture, storage, metrics and assets per model; labels and digit files. */
export function runtimeManifest(full: Json): Json {
  const models = (full.models ?? {}) as Record<string, Json>;
  return {
    ...without(full, ['description']),
    data: full.data ? without(full.data as Json, DATA_DROP) : undefined,
    models: Object.fromEntries(Object.entries(models).map(([name, m]) => [name, without(m, MODEL_DROP)])),
  };
}
