// Every widget in the registry is finished: an island in Widget.astro, an embed in its chapter, stills for readers without JavaScript, e2e tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { WIDGETS } from '../../../src/widgets/registry.ts';

const widgetAstro = readFileSync('src/components/Widget.astro', 'utf8');
const chapters = readdirSync('content/chapters').map((f) => ({
  slug: f.replace(/^\d+-/, '').replace(/\.mdx$/, ''),
  text: readFileSync(`content/chapters/${f}`, 'utf8'),
}));

test('no widget is left as a placeholder', () => {
  assert.deepEqual(
    WIDGETS.filter((w) => !w.ready).map((w) => w.name),
    [],
  );
});

for (const w of WIDGETS) {
  test(`widget ${w.name}: island registered, embedded in its chapter, stills and e2e tests exist`, () => {
    assert.match(widgetAstro, new RegExp(`['"]?${w.name}['"]?: \\w+,`), `src/components/Widget.astro has no islands entry for ${w.name}`);
    const home = chapters.find((c) => c.slug === w.chapter);
    assert.ok(home, `registry says ${w.name} lives in chapter "${w.chapter}", which does not exist`);
    if (w.name !== 'hello') assert.ok(home.text.includes(`<Widget name="${w.name}"`), `chapter ${w.chapter} does not embed ${w.name}`);
    for (const f of [`public/widgets/${w.name}.png`, `public/widgets/${w.name}-dark.png`])
      assert.ok(existsSync(f), `${f} is missing: build, then run node scripts/with-node.mjs node scripts/widget-stills.ts ${w.name}`);
    assert.ok(existsSync(`tests/e2e/${w.name}.spec.ts`), `tests/e2e/${w.name}.spec.ts is missing`);
  });
}
