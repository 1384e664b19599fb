// The KL sandbox, driven as a reader: drag and key the means, move sliders, fit q both ways; check the numbers shown.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { finger } from './support/touch.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`embed/kl-sandbox/${query}`);
  await expect(page.locator('vae-kl-sandbox')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** The full-precision number behind a readout. */
async function out(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[data-out="${key}"]`).getAttribute('data-value'));
}

async function expectMcAgrees(page: Page): Promise<void> {
  const exact = await out(page, 'klqp');
  const mc = await out(page, 'mc');
  const se = await out(page, 'mcse');
  expect(se).toBeGreaterThan(0);
  expect(Math.abs(mc - exact), `MC ${mc} ± ${se} against closed form ${exact}`).toBeLessThan(3 * se);
}

test('closed-form KL matches Monte Carlo within 3 standard errors, for small and large N, and resampling changes the seed', async ({ page }) => {
  await open(page);
  await expect(page.locator('.widget__badge')).toHaveText('plain JS');
  expect(await out(page, 'klqp')).toBeCloseTo(Math.log(1 / 0.7) + (0.49 + 1) / 2 - 0.5, 9);
  await expectMcAgrees(page);
  const before = await out(page, 'mc');
  await page.getByRole('button', { name: 'Resample' }).click();
  await expect(page.locator('.kls__seed')).toContainText('seed 2');
  expect(await out(page, 'mc')).not.toBe(before);
  expect(page.url()).toContain('kl-sandbox.seed=2');
  await expectMcAgrees(page);
  // The N slider is log-scaled: End takes it to 100,000; the standard error shrinks about tenfold.
  const se1000 = await out(page, 'mcse');
  await page.getByRole('slider', { name: 'Monte Carlo samples (S)' }).focus();
  await page.keyboard.press('End');
  await expect(page.locator('.kls__seed')).toContainText('S = 100,000');
  const se100k = await out(page, 'mcse');
  expect(se1000 / se100k).toBeGreaterThan(7);
  expect(se1000 / se100k).toBeLessThan(13);
  await expectMcAgrees(page);
  // A URL reproduces the estimate exactly.
  const mc = await out(page, 'mc');
  await page.goto(page.url());
  await expect(page.locator('vae-kl-sandbox')).toHaveAttribute('data-ready', 'true');
  expect(await out(page, 'mc')).toBe(mc);
});

test('dragging a mean with the mouse and moving it with the keys; KL is 0 when q = p', async ({ page }) => {
  await open(page);
  const q = page.getByRole('slider', { name: 'Mean of q (m₁)' });
  await expect(q).toHaveAttribute('aria-valuenow', '1');
  const box = (await q.boundingBox())!;
  const klBefore = await out(page, 'klqp');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  const dragged = Number(await q.getAttribute('aria-valuenow'));
  expect(dragged).toBeGreaterThan(1.3);
  expect(await out(page, 'klqp')).toBeGreaterThan(klBefore);
  expect(page.url()).toContain(`kl-sandbox.qm=${dragged}`);
  await expectMcAgrees(page);

  // Keyboard: Home then Shift+Right steps of 0.5 and Right steps of 0.05 bring q's mean to p's (0).
  await q.focus();
  await page.keyboard.press('Home');
  await expect(q).toHaveAttribute('aria-valuenow', '-5');
  for (let i = 0; i < 9; i++) await page.keyboard.press('Shift+ArrowRight');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(q).toHaveAttribute('aria-valuenow', '0');
  await expect(q).toHaveAttribute('aria-valuetext', 'Mean of q (m₁): 0.00');
  // Same width as p: type it into q's number field.
  const width = page.getByRole('spinbutton', { name: 'Width of q (s₁) value' });
  await width.fill('1');
  await width.press('Enter');
  await expect(page.locator('[data-out="klqp"]')).toHaveText('0.000');
  expect(await out(page, 'klqp')).toBe(0);
  expect(await out(page, 'klpq')).toBe(0);
  expect(await out(page, 'mc')).toBe(0);
  // Equal widths, different means: both directions agree, (m1 - m2)² / (2 s²).
  const p = page.getByRole('slider', { name: 'Mean of p (m₂)' });
  await p.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  await expect(p).toHaveAttribute('aria-valuenow', '-1.5');
  expect(await out(page, 'klqp')).toBeCloseTo(1.125, 9);
  expect(await out(page, 'klpq')).toBeCloseTo(1.125, 9);
});

test('the width slider changes the KLs as the chapter says: narrow q, wide p', async ({ page }) => {
  await open(page, '?kl-sandbox.qm=0');
  const slider = page.getByRole('slider', { name: 'Width of q (s₁)' });
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('spinbutton', { name: 'Width of q (s₁) value' })).toHaveValue('0.50');
  await expect(page.locator('[data-out="klqp"]')).toHaveText('0.318');
  await expect(page.locator('[data-out="klpq"]')).toHaveText('0.807');
});

test('fitting q to the two-bump target: forward covers the mass, reverse seeks a mode', async ({ page }) => {
  await open(page);
  await page.getByRole('radio', { name: 'Fit q to a two-bump p' }).check();
  await expect(page.locator('vae-kl-sandbox')).toHaveAttribute('data-mode', 'fit');
  expect(page.url()).toContain('kl-sandbox.mode=fit');
  // Reverse KL, animated: play until it converges by itself.
  await expect(page.getByRole('radio', { name: 'reverse KL(q‖p)' })).toBeChecked();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.locator('[data-out="steps"]')).toHaveText('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('.widget__status')).toContainText('Converged', { timeout: 30_000 });
  const revM = await out(page, 'fitm');
  const revS = await out(page, 'fits');
  expect(revM).toBeGreaterThan(1.9);
  expect(revS).toBeLessThan(0.7);
  expect(await out(page, 'rev')).toBeCloseTo(Math.log(2), 2);
  // Forward KL from the same start: moment matching, mean 0 and width √4.36.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('[data-out="steps"]')).toHaveText('0');
  await page.getByRole('radio', { name: 'forward KL(p‖q)' }).check();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('.widget__status')).toContainText('Converged', { timeout: 30_000 });
  const fwdS = await out(page, 'fits');
  expect(Math.abs(await out(page, 'fitm'))).toBeLessThan(0.01);
  expect(fwdS).toBeCloseTo(Math.sqrt(4.36), 2);
  expect(fwdS).toBeGreaterThan(2 * revS);
});

test('with reduced motion, Play shows the fitted result without animating', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, '?kl-sandbox.mode=fit&kl-sandbox.qm=-1.2&kl-sandbox.w=0.7');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.locator('.widget__status')).toContainText('without animation');
  expect(await out(page, 'fitm')).toBeLessThan(-1.9);
  // Moving a bump of the target with the keys, then fitting again from there.
  const bump = page.getByRole('slider', { name: 'Mean of bump 1 of p' });
  await bump.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(bump).toHaveAttribute('aria-valuenow', '-2.5');
  await page.getByRole('button', { name: 'Play' }).click();
  expect(await out(page, 'fitm')).toBeLessThan(-2.4);
});

test('malformed URL state falls back to the defaults', async ({ page }) => {
  await open(page, '?kl-sandbox.qm=abc&kl-sandbox.qs=-1&kl-sandbox.mode=%3Cscript%3E&kl-sandbox.n=1e9&kl-sandbox.seed=1.5&kl-sandbox.pm=Infinity');
  await expect(page.locator('vae-kl-sandbox')).toHaveAttribute('data-mode', 'gauss');
  await expect(page.getByRole('slider', { name: 'Mean of q (m₁)' })).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByRole('slider', { name: 'Mean of p (m₂)' })).toHaveAttribute('aria-valuenow', '0');
  await expect(page.getByRole('spinbutton', { name: 'Width of q (s₁) value' })).toHaveValue('0.70');
  await expect(page.locator('.kls__seed')).toHaveText('seed 1, S = 1,000');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe (${scheme}): the live sandbox in both modes has no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);
    const check = async () => {
      const r = await new AxeBuilder({ page }).include('vae-kl-sandbox').withTags(TAGS).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    };
    await check();
    await page.getByRole('radio', { name: 'Fit q to a two-bump p' }).check();
    await check();
  });
}

test('kl-sandbox on a phone: a vertical swipe over the plot, even across a handle, scrolls the page; a sideways drag on a handle moves it', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await open(page);
  const touch = await finger(context, page);
  const plot = page.locator('vae-kl-sandbox svg.klplot');
  const handle = page.locator('vae-kl-sandbox .klplot__handle[data-handle="qm"]');
  const centre = async () => {
    await plot.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await touch.settled();
  };
  const valueOf = async () => Number(await handle.getAttribute('aria-valuenow'));
  const start = await valueOf();

  // Up over the densities, away from the handles: the page scrolls.
  await centre();
  const box = (await plot.boundingBox())!;
  let before = await touch.scrollY();
  await touch.swipe([box.x + box.width * 0.5, box.y + box.height * 0.45], [box.x + box.width * 0.5, box.y + box.height * 0.05]);
  await expect.poll(touch.scrollY).toBeGreaterThan(before + 50);
  await touch.settled();

  // Up from a handle: a vertical swipe is the page's, and the mean stays where it was.
  await centre();
  let h = (await handle.boundingBox())!;
  before = await touch.scrollY();
  await touch.swipe([h.x + h.width / 2, h.y + h.height / 2], [h.x + h.width / 2, h.y + h.height / 2 - 200]);
  await expect.poll(touch.scrollY).toBeGreaterThan(before + 50);
  expect(await valueOf()).toBe(start);
  await touch.settled();

  // Sideways from the handle: the mean follows the finger, and the page does not scroll.
  await centre();
  h = (await handle.boundingBox())!;
  const still = await touch.scrollY();
  await touch.swipe([h.x + h.width / 2, h.y + h.height / 2], [h.x + h.width / 2 + 80, h.y + h.height / 2]);
  await expect.poll(valueOf).toBeGreaterThan(start + 0.5);
  expect(await touch.scrollY()).toBe(still);
  await context.close();
});
