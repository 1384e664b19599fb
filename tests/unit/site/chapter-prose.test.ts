// Chapters stay readable and their model numbers come from the manifest: prose length per chapter, every <Metric> names
// a number weights/manifest.json has, and fractions print as percentages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMetric, modelMetric } from '../../../src/lib/site/manifest.ts';

const dir = join(process.cwd(), 'content', 'chapters');
const chapters = readdirSync(dir).filter((f) => f.endsWith('.mdx'));

/** Words of prose in an MDX chapter: body text, Try-this questions and answers, captions and footnotes; no math, tags or links' targets. */
function proseWords(mdx: string): number {
  let s = mdx.replace(/^---\n[\s\S]*?\n---\n/, '');
  s = s.replace(/\$\$[\s\S]*?\$\$/g, ' ').replace(/\$[^$\n]+\$/g, ' ');
  const attrs = [...s.matchAll(/(?:question|caption)="([^"]*)"/g)].map((m) => m[1]!.replace(/\$[^$]+\$/g, ' ')).join(' ');
  s = s
    .replace(/<[^>]+>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\[@[^\]]*\]/g, ' ');
  return (`${s} ${attrs}`.match(/[A-Za-z0-9][\w'’.,\-–]*/g) ?? []).length;
}

test('proseWords counts words, not math or markup', () => {
  assert.equal(proseWords('---\ntitle: "x"\n---\nOne $x^2$ two [three](/a/) <Metric model="m" name="n" />.\n\n$$\na + b\n$$\n'), 3);
  assert.equal(proseWords('<TryThis question="Why not?">Because.</TryThis>'), 3);
});

for (const f of chapters) {
  test(`${f}: prose between 1,500 and 3,500 words`, () => {
    const n = proseWords(readFileSync(join(dir, f), 'utf8'));
    assert.ok(n >= 1500 && n <= 3500, `${f} has ${n} words of prose; keep a chapter between 1,500 and 3,500 (split or trim it)`);
  });
  test(`${f}: every <Metric> is in weights/manifest.json`, () => {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/<Metric model="([^"]+)" name="([^"]+)"/g))
      assert.notEqual(modelMetric(m[1]!, m[2]!), undefined, `${f}: <Metric model="${m[1]}" name="${m[2]}"> has no number in the manifest`);
  });
}

test('formatMetric prints fractions as percentages and other numbers with fixed decimals', () => {
  assert.equal(formatMetric('priorHoleFraction', 0.091, 0), '9%');
  assert.equal(formatMetric('accuracy', 0.9785), '97.9%');
  assert.equal(formatMetric('aggregateKl', 0.5764, 2), '0.58');
  assert.equal(formatMetric('params', 51996), '51,996');
});
