// Equations that point at the widget (issue 14, §6): in the ELBO and reparameterization chapters a reader Tabs onto a
// term of a displayed equation and the widget's matching number lights up (and the reverse on hover); the numbers the
// prose quotes (<Live>) read right before the widget starts and then follow what the widget shows.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8')) as { models: Record<string, { metrics: Record<string, number> }> };
const metric = (model: string, name: string) => manifest.models[model]!.metrics[name]!;

const term = (page: Page, key: string) => page.locator(`.eq-term[data-term="${key}"]`);
const live = (page: Page, key: string) => page.locator(`.live-num[data-live="${key}"]`);
/** The number in a widget's readout such as "−152.31 nats" or "58.13 nats (K = 100)". */
const shownNumber = async (loc: Locator) => /^[−-]?[\d,]+(\.\d+)?/.exec((await loc.textContent())!.trim())![0];

async function startWidget(page: Page, name: string): Promise<Locator> {
  const host = page.locator(`#widget-${name} > vae-${name}`);
  await host.scrollIntoViewIfNeeded();
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return host;
}

test('ELBO chapter: the quoted numbers read right before the widgets start, from the manifest', async ({ page }) => {
  await page.goto('chapters/elbo/');
  await expect(live(page, 'posterior.digit')).toHaveText('#1834');
  // The gap quoted before the inspector runs is the one it then shows on its first frame (its 64 × 64 grid and its seed's
  // ELBO), not the evaluation's split of it on a finer grid, which adds to a slightly different number.
  const quoted = (await live(page, 'posterior.gap').textContent()) ?? '';
  expect(quoted).toMatch(/^\d+\.\d\d$/);
  const split = metric('vae-2d', 'approxGap1834') + metric('vae-2d', 'amortGap1834');
  expect(Math.abs(Number(quoted) - split), "the quoted gap and the evaluation's split agree to within the ELBO's sampling error").toBeLessThan(1);
  await expect(live(page, 'kl-vs-recon.beta')).toHaveText('1');
  await expect(live(page, 'kl-vs-recon.rate')).toHaveText(metric('beta-1', 'kl').toFixed(1));
  await expect(live(page, 'kl-vs-recon.distortion')).toHaveText(metric('beta-1', 'recon').toFixed(1));
  // Each term is a named stop on the keyboard path; the equation keeps its MathML for screen readers.
  const elbo = term(page, 'posterior.elbo');
  await expect(elbo).toHaveAttribute('tabindex', '0');
  await expect(elbo).toHaveAccessibleName(/the ELBO, shown in the posterior inspector/);
  await expect(elbo.locator('xpath=ancestor::span[@class="katex"]').locator('math')).toHaveCount(1);
  const host = await startWidget(page, 'posterior');
  expect(await shownNumber(host.locator('dd.n-gap'))).toBe(quoted);
});

test('posterior: Tab onto a term lights its number in the inspector; a new digit changes the prose to what the inspector shows', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('chapters/elbo/');
  const host = await startWidget(page, 'posterior');
  await expect(host.locator('.post')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(host.locator('dd.n-gap')).toContainText('nats');

  // Keyboard: focus the equation's first term, then Tab along it.
  await term(page, 'posterior.logpx').focus();
  await expect(host.locator('dd.n-logpx')).toHaveClass(/is-term-lit/);
  await page.keyboard.press('Tab');
  await expect(term(page, 'posterior.elbo')).toBeFocused();
  await expect(term(page, 'posterior.elbo')).toHaveClass(/is-lit/);
  await expect(host.locator('dd.n-elbo')).toHaveClass(/is-term-lit/);
  await expect(host.locator('dt', { hasText: /^ELBO$/ })).toHaveClass(/is-term-lit/);
  await expect(host.locator('text.pbounds__label[data-quantity="elbo"]')).toHaveClass(/is-term-lit/);
  await expect(host.locator('dd.n-logpx')).not.toHaveClass(/is-term-lit/);
  await page.keyboard.press('Tab');
  await expect(host.locator('dd.n-gap')).toHaveClass(/is-term-lit/);
  await expect(host.locator('text.pbounds__gap-label')).toHaveClass(/is-term-lit/);
  await expect(host.locator('dd.n-elbo')).not.toHaveClass(/is-term-lit/);

  // Live numbers: the prose's gap is the inspector's.
  await expect.poll(async () => live(page, 'posterior.gap').textContent()).toBe(await shownNumber(host.locator('dd.n-gap')));
  const before = await live(page, 'posterior.gap').textContent();
  await host.getByRole('button', { name: 'Next held-out digit' }).press('Enter');
  await expect(host).toHaveAttribute('data-digit', '1835');
  await expect(host.locator('.post')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(live(page, 'posterior.digit')).toHaveText('#1835');
  await expect(live(page, 'posterior.gap')).not.toHaveText(before!);
  expect(await live(page, 'posterior.gap').textContent()).toBe(await shownNumber(host.locator('dd.n-gap')));

  // The reverse: pointing at the inspector's number lights the equation's term.
  await host.locator('dd.n-gap').hover();
  await expect(term(page, 'posterior.gap')).toHaveClass(/is-lit/);
  await expect(term(page, 'posterior.elbo')).not.toHaveClass(/is-lit/);
});

test('kl-vs-recon: β in the equation lights the slider; moving it changes the quoted rate and distortion', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('chapters/elbo/');
  const host = await startWidget(page, 'kl-vs-recon');
  await term(page, 'kl-vs-recon.beta').focus();
  await expect(host.locator('.klr__beta')).toHaveClass(/is-term-lit/);
  await page.keyboard.press('Tab'); // the KL term of the β-VAE objective is the rate
  await expect(term(page, 'kl-vs-recon.rate').nth(1)).toBeFocused();
  await expect(host.locator('[data-panel="both"] .klr__numbers')).toHaveClass(/is-term-lit/);
  await expect(host.locator('text.klr__rd-label[data-quantity="rate"]')).toHaveClass(/is-term-lit/);

  await host.getByRole('slider', { name: /β of the “Both” panel/ }).press('ArrowRight');
  await expect(host).toHaveAttribute('data-rendered', /^2\|/, { timeout: 60_000 });
  await expect(live(page, 'kl-vs-recon.beta')).toHaveText('2');
  await expect(live(page, 'kl-vs-recon.rate')).toHaveText(metric('beta-2', 'kl').toFixed(1));
  await expect(live(page, 'kl-vs-recon.distortion')).toHaveText(metric('beta-2', 'recon').toFixed(1));
  // … the same numbers the third panel prints.
  const caption = (await host.locator('[data-panel="both"] .klr__numbers').textContent())!;
  expect(caption).toContain(`distortion ${await live(page, 'kl-vs-recon.distortion').textContent()} nats`);
  expect(caption).toContain(`rate ${await live(page, 'kl-vs-recon.rate').textContent()} nats`);
});

test('reparam: z = μ + σ ⊙ ε points at the graph and the sliders; the quoted REINFORCE readout follows the lab', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('chapters/reparameterization/');
  const fallback = await live(page, 'reparam.rf-mu-var').textContent();
  const host = await startWidget(page, 'reparam');
  const readout = host.locator('output[data-out="rf-mu-var"]');
  // At the default state the build-time value is the lab's own.
  await expect(readout).toHaveText(fallback!);
  await term(page, 'reparam.mu').focus();
  await expect(host.locator('.rpgraph__node[data-quantity="mu"]')).toHaveClass(/is-term-lit/);
  await expect(host.locator('.wrow[data-quantity="mu"]')).toHaveClass(/is-term-lit/);
  // A resize rebuilds the graph's SVG (new nodes, without the class): the light stays on while the term keeps the focus.
  const node = await host.locator('.rpgraph__node[data-quantity="mu"]').elementHandle();
  await page.setViewportSize({ width: 760, height: 900 });
  await expect.poll(() => node!.evaluate((n) => n.isConnected), { message: 'the resize redrew the graph' }).toBe(false);
  await expect(host.locator('.rpgraph__node[data-quantity="mu"]')).toHaveClass(/is-term-lit/);
  await expect(term(page, 'reparam.mu')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(term(page, 'reparam.eps')).toBeFocused();
  await expect(host.locator('.rpgraph__node[data-quantity="eps"]')).toHaveClass(/is-term-lit/);
  await expect(host.locator('.rpgraph__node[data-quantity="mu"]')).not.toHaveClass(/is-term-lit/);
  await term(page, 'reparam.reinforce').focus();
  await expect(host.locator('tr[data-quantity="reinforce"]').first()).toHaveClass(/is-term-lit/);

  await host.getByRole('slider', { name: 'Mean μ' }).press('ArrowLeft');
  await expect(readout).not.toHaveText(fallback!);
  await expect(live(page, 'reparam.rf-mu-var')).toHaveText((await readout.textContent())!);
});
