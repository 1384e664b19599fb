import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../../scripts/train/manifest.ts';

const weights = join(import.meta.dirname, '..', '..', '..', 'weights');
const manifestPath = join(weights, 'manifest.json');

function check(path: string, sha256: string, bytes: number): void {
  const buf = readFileSync(join(weights, path));
  assert.equal(buf.length, bytes, `${path}: size`);
  assert.equal(createHash('sha256').update(buf).digest('hex'), sha256, `${path}: sha256`);
}

test('the manifest’s hashes and sizes match the files', () => {
  assert.ok(
    existsSync(manifestPath),
    `${manifestPath} is missing: it is committed with the weights; restore it from git, or run npm run train to make it anew`,
  );
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  check(m.data.sprite.path, m.data.sprite.sha256, m.data.sprite.bytes);
  assert.equal(m.data.heldoutIds.length, m.data.heldoutCount);
  assert.equal(m.data.heldoutLabels.length, m.data.heldoutCount);
  // The chunks the browser fetches cover every held-out digit once, in order.
  let next = 0;
  for (const c of m.data.chunks.files) {
    check(c.path, c.sha256, c.bytes);
    assert.equal(c.first, next, `${c.path}: first digit`);
    next += c.count;
  }
  assert.equal(next, m.data.heldoutCount, 'the chunks hold every held-out digit');
  let total = 0;
  for (const [name, rec] of Object.entries(m.models)) {
    assert.ok(
      rec.files.some((f) => f.path === rec.modelJson),
      `${name}: model.json listed`,
    );
    for (const f of rec.files) check(f.path, f.sha256, f.bytes);
    for (const a of Object.values(rec.assets ?? {})) check(a.path, a.sha256, a.bytes);
    const shards = rec.files.filter((f) => f.part).reduce((a, f) => a + f.bytes, 0);
    assert.equal(rec.bytes, shards, `${name}: bytes = sum of shards`);
    // model.json names exactly the shards the manifest lists.
    const mj = JSON.parse(readFileSync(join(weights, rec.modelJson), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    const listed = mj.weightsManifest.flatMap((g) => g.paths.map((p) => `${name}/${p}`)).sort();
    assert.deepEqual(
      listed,
      rec.files
        .filter((f) => f.part)
        .map((f) => f.path)
        .sort(),
    );
    total += rec.bytes;
  }
  assert.equal(m.budget.shardBytesTotal, total);
});
