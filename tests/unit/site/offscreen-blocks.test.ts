// The blocks a chapter skips out of view, as the build finds them for its font preloads, match the stylesheet that skips them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SKIPPED_BLOCKS, skippedBlockRanges, withoutSkippedBlocks } from '../../../src/lib/site/offscreen-blocks.ts';

test('offscreen.css skips exactly the kinds of block that SKIPPED_BLOCKS names, past the second h2', () => {
  const css = readFileSync('src/styles/global/offscreen.css', 'utf8');
  const m = /\.article__body > h2 ~ h2 ~ :is\(([^)]*)\)/.exec(css);
  assert.ok(m, 'offscreen.css has the rule `.article__body > h2 ~ h2 ~ :is(...)`');
  assert.deepEqual(
    m[1]!.split(',').map((s) => s.trim()),
    [...SKIPPED_BLOCKS],
  );
});

test('skippedBlockRanges: direct children of the article past its second h2, of the skipped kinds, nested tags and all', () => {
  const html =
    '<head><script>if (a<b) x()</script></head><article class="article__body"><h1>T</h1><p>first <b>view</b></p>' +
    '<h2 id="a">A</h2><p>still early</p><div class="equation">e0</div>' +
    '<h2 id="b">B</h2><p>late <i>one</i></p><figure class="wide"><svg><path d="M0 0"/></svg><p>in a figure</p></figure>' +
    '<div class="equation"><span class="katex">e1</span></div><img src="x.png"><!-- <p> --><aside class="try-this"><p>q</p><details><summary>s</summary><p>a</p></details></aside>' +
    '<script>document.write("<p>")</script><ul><li>x</li></ul><span class="katex-display">e2</span></article><footer><p>after</p></footer>';
  const kept = withoutSkippedBlocks(html);
  assert.equal(skippedBlockRanges(html).length, 5);
  for (const gone of ['late', 'e1', 'try-this', '<li>x', 'e2']) assert.ok(!kept.includes(gone), `${gone} is skipped`);
  for (const stays of ['first', 'still early', 'e0', 'in a figure', '<img src="x.png">', 'document.write', '<footer><p>after</p></footer>'])
    assert.ok(kept.includes(stays), `${stays} is laid out at once`);
  assert.deepEqual(skippedBlockRanges('<main><p>no article</p></main>'), []);
});
