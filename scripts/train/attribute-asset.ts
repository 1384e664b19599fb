// The attributes widget's directions, computed once at training time from the shipped vae-16d (so its first frame needs one
// held-out digit, not all 2,000): for every attribute and grouping, src/widgets/attributes/directions.ts over the held-out codes μ
// and the attribute values measured from the pixels (src/widgets/attributes/measure.ts), exactly as the widget computes them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeMeans, type Model } from '../../src/lib/models/index.ts';
import { ATTRIBUTES, measureAll } from '../../src/widgets/attributes/measure.ts';
import { attributeDirection, type GroupMode } from '../../src/widgets/attributes/directions.ts';
import { sha256, type FileRecord } from './record.ts';

const GROUPINGS: GroupMode[] = ['pooled', 'within-class'];

/** Writes <name>/attribute-directions.json for a shipped model and held-out digits H (count × 784 in [0, 1]); returns its asset record. */
export function writeAttributeDirections(
  dir: string,
  name: string,
  shipped: Model,
  H: Float32Array,
  labels: Uint8Array,
): FileRecord & { dtype: string; shape: number[]; description: string } {
  const count = labels.length;
  const codes = encodeMeans(shipped, H, labels);
  const d = codes.length / count;
  const directions: Record<string, Record<string, unknown>> = {};
  for (const attr of ATTRIBUTES) {
    const values = measureAll(attr, H, count);
    directions[attr] = {};
    for (const g of GROUPINGS) {
      const r = attributeDirection(codes, d, values, labels, g);
      directions[attr][g] = { v: Array.from(r.v), highMean: r.highMean, lowMean: r.lowMean, highCounts: r.highCounts, lowCounts: r.lowCounts };
    }
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ digits: count, latentDim: d, directions }) + '\n');
  writeFileSync(join(dir, 'attribute-directions.json'), bytes);
  return {
    path: `${name}/attribute-directions.json`,
    sha256: sha256(bytes),
    bytes: bytes.length,
    dtype: 'json',
    shape: [ATTRIBUTES.length, GROUPINGS.length, d],
    description:
      'Attribute directions of the attributes widget (src/widgets/attributes/directions.ts) over all held-out digits: directions[attribute][grouping] = {v, highMean, lowMean, highCounts, lowCounts}.',
  };
}
