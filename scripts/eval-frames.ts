// `node scripts/eval-frames.ts [--write]`: the widgets' shipped first frames (src/widgets/shared/decoded-frames.ts). For each
// (scripts/train/decoded-frames.ts: FRAMES), decodes the codes the widget decodes in its default state with the shipped model
// and compares them with weights/<model>/<widget>-frames.png (exit 1 when a pixel is off by more than its group's tolerance,
// or a group is missing). --write stores the PNG and its record in the manifest, re-reading the manifest just before writing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from './train/backend.ts';
import { decodeGreyPng } from './train/png.ts';
import { MANIFEST_PATH, WEIGHTS_DIR, readWeightsManifest } from './train/shipped.ts';
import { FRAMES, computeFrames, extraFields, maxAbsDiff, recordKey, sameWithin } from './train/decoded-frames.ts';
import { frameTolerance, unpackGroup, type DecodedFramesRecord } from '../src/widgets/shared/decoded-frames.ts';

const write = process.argv.includes('--write');
await initBackend();
const manifest = readWeightsManifest();
type Assets = Record<string, unknown>;
const fresh: { model: string; key: string; record: DecodedFramesRecord }[] = [];
let problems = 0;
for (const spec of FRAMES) {
  const { exact, png, record } = computeFrames(WEIGHTS_DIR, manifest, spec);
  fresh.push({ model: spec.model, key: recordKey(spec), record });
  console.log(`${spec.widget} (${spec.model}): ${Object.keys(record.groups).join(', ')}; ${png.length} bytes`);
  if (write) {
    writeFileSync(join(WEIGHTS_DIR, record.path), png);
    continue;
  }
  const have = ((manifest.models[spec.model] as { assets?: Assets }).assets?.[recordKey(spec)] ?? null) as DecodedFramesRecord | null;
  if (!have) {
    problems++;
    console.log(`  ✖ no assets.${recordKey(spec)} for ${spec.model}; run with --write`);
    continue;
  }
  for (const [field, value] of Object.entries(extraFields(record))) {
    const ok = sameWithin((have as unknown as Record<string, unknown>)[field], value, 1e-4);
    if (!ok) problems++;
    console.log(`  ${field}: ${ok ? 'agrees' : '✖ differs; run with --write'}`);
  }
  const old = decodeGreyPng(readFileSync(join(WEIGHTS_DIR, have.path)));
  for (const [key, px] of exact) {
    const g = have.groups[key];
    const shipped = g ? unpackGroup(g, old.width, (i) => old.pixels[i]!) : null;
    const worst = shipped ? maxAbsDiff(px, shipped) : Infinity;
    const ok = !!g && worst <= frameTolerance(g.levels);
    if (!ok) problems++;
    console.log(`  ${key}: ${ok ? `agrees (within ${worst.toFixed(4)})` : `✖ ${g ? `off by ${worst.toFixed(4)}` : 'missing'}; run with --write`}`);
  }
}
if (write) {
  const m = readWeightsManifest();
  for (const f of fresh) {
    const entry = m.models[f.model] as { assets?: Assets };
    entry.assets = { ...entry.assets, [f.key]: f.record };
  }
  writeFileSync(MANIFEST_PATH, JSON.stringify(m, null, 1).replace(/"tolerance": 0\.00001,/g, '"tolerance": 1e-05,') + '\n');
  console.log(`wrote ${fresh.map((f) => f.record.path).join(', ')} and their manifest records`);
}
process.exit(problems && !write ? 1 : 0);
