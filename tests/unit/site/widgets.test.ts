// Every widget in the registry is finished: its setup module, an embed in its chapter, stills, e2e tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { WIDGETS } from '../../../src/widgets/registry.ts';

const chapters = readdirSync('content/chapters').map((f) => ({
  slug: f.replace(/^\d+-/, '').replace(/\.mdx$/, ''),
  text: readFileSync(`content/chapters/${f}`, 'utf8'),
}));

test('widget names are unique and usable as custom-element names (vae-NAME)', () => {
  const names = WIDGETS.map((w) => w.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `"${n}" cannot follow "vae-" in a custom element name`);
});

for (const w of WIDGETS) {
  test(`widget ${w.name}: setup module, embedded in its chapter, stills and e2e tests exist`, () => {
    assert.ok(
      existsSync(`src/widgets/${w.name}/${w.name}.ts`),
      `src/widgets/${w.name}/${w.name}.ts (its setup module, see src/widgets/elements.ts) is missing`,
    );
    const home = chapters.find((c) => c.slug === w.chapter);
    assert.ok(home, `registry says ${w.name} lives in chapter "${w.chapter}", which does not exist`);
    assert.ok(home.text.includes(`<Widget name="${w.name}"`), `chapter ${w.chapter} does not embed ${w.name}`);
    const stills = ['.png', '-dark.png', '.webp', '-dark.webp', '-phone.webp', '-dark-phone.webp'].map((s) => `public/widgets/${w.name}${s}`);
    for (const f of stills)
      assert.ok(existsSync(f), `${f} is missing: build, then run node scripts/with-node.mjs node scripts/widget-stills.ts ${w.name}`);
    assert.ok(existsSync(`tests/e2e/${w.name}.spec.ts`), `tests/e2e/${w.name}.spec.ts is missing`);
  });
}
