// The reparameterization lab, driven as a reader: toggle the graph, pick f, move μ, σ and N; check the numbers shown.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`embed/reparam/${query}`);
  await expect(page.locator('vae-reparam')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

async function out(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[data-out="${key}"]`).getAttribute('data-value'));
}

async function se(page: Page, key: string): Promise<number> {
  return Number(await page.locator(`[data-out="${key}"]`).getAttribute('data-se'));
}

test('the graph toggle breaks the gradient at the sampling node, and the trick restores it', async ({ page }) => {
  await open(page);
  await expect(page.locator('.widget__badge')).toHaveText('plain JS');
  const svg = page.locator('.rpgraph');
  await expect(svg).toHaveAttribute('aria-label', /flows back through the decoder and z to μ/);
  await expect(page.locator('.rpgraph__cross')).toHaveCount(0);
  await expect(svg.getByText('ε ~ N(0, 1)')).toBeVisible();
  await page.getByRole('radio', { name: 'sample z directly' }).check();
  await expect(page.locator('vae-reparam')).toHaveAttribute('data-graph', 'direct');
  await expect(page.locator('.rpgraph__cross')).toHaveCount(2);
  await expect(svg).toHaveAttribute('aria-label', /broken between z and μ/);
  await expect(page.locator('.rp__caption')).toContainText('a random draw has no derivative');
  expect(page.url()).toContain('reparam.graph=direct');
});

test('for the default f(z) = z², both estimators are unbiased and REINFORCE has the larger variance', async ({ page }) => {
  await open(page);
  // Exact gradients 2μ and 2σ at the defaults μ = 1, σ = 1.
  expect(await out(page, 'exact-mu')).toBe(2);
  expect(await out(page, 'exact-sigma')).toBe(2);
  for (const param of ['mu', 'sigma']) {
    for (const est of ['rf', 'pw']) {
      const mean = await out(page, `${est}-${param}-mean`);
      expect(Math.abs(mean - 2), `${est} ${param}: ${mean}`).toBeLessThan(4 * (await se(page, `${est}-${param}-mean`)));
    }
    expect(await out(page, `rf-${param}-var`)).toBeGreaterThan(await out(page, `pw-${param}-var`));
  }
  // Chapter 6's closed form at μ = σ = 1: per-sample variances 4 (pathwise) and 30 (REINFORCE) for μ.
  expect(await out(page, 'pw-mu-exactvar')).toBeCloseTo(4, 4);
  expect(await out(page, 'rf-mu-exactvar')).toBeCloseTo(30, 3);
  // The S-sample estimate's variance is the per-sample variance over S.
  expect(await out(page, 'pw-mu-varn')).toBeCloseTo((await out(page, 'pw-mu-var')) / 1000, 9);
});

test('shrinking σ widens REINFORCE and narrows pathwise; more samples shrink both', async ({ page }) => {
  await open(page);
  const rf0 = await out(page, 'rf-mu-exactvar');
  const pw0 = await out(page, 'pw-mu-exactvar');
  const sigma = page.getByRole('slider', { name: 'Width σ' });
  await sigma.focus();
  for (let i = 0; i < 80; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('spinbutton', { name: 'Width σ value' })).toHaveValue('0.20');
  await expect.poll(() => out(page, 'pw-mu-exactvar')).toBeCloseTo(4 * 0.04, 4);
  expect(await out(page, 'rf-mu-exactvar')).toBeGreaterThan(rf0);
  expect(await out(page, 'pw-mu-exactvar')).toBeLessThan(pw0);
  expect(await out(page, 'rf-mu-var')).toBeGreaterThan(await out(page, 'pw-mu-var'));
  const varn = await out(page, 'rf-mu-varn');
  const n = page.getByRole('spinbutton', { name: 'Samples (S) value' });
  await n.fill('100000');
  await n.press('Enter');
  await expect(page.locator('.rp__seed')).toContainText('S = 100,000');
  await expect.poll(() => out(page, 'rf-mu-varn')).toBeLessThan(varn / 20);
  expect(page.url()).toContain('reparam.n=100000');
  // Resample changes the seed and the estimates, and a reload reproduces them.
  const before = await out(page, 'rf-mu-mean');
  await page.getByRole('button', { name: 'Resample' }).click();
  await expect(page.locator('.rp__seed')).toContainText('seed 2');
  const after = await out(page, 'rf-mu-mean');
  expect(after).not.toBe(before);
  await page.goto(page.url());
  await expect(page.locator('vae-reparam')).toHaveAttribute('data-ready', 'true');
  expect(await out(page, 'rf-mu-mean')).toBe(after);
});

test('the step function: the UI says the pathwise gradient is 0 and biased; REINFORCE stays unbiased', async ({ page }) => {
  await open(page);
  await page.getByLabel('Function f').selectOption('step');
  await expect(page.locator('.rp__fnote')).toContainText('biased');
  await expect(page.locator('.rp__ratio')).toContainText('all 0');
  const exact = await out(page, 'exact-mu');
  expect(exact).toBeGreaterThan(0.2); // φ(1) at μ = σ = 1
  expect(await out(page, 'pw-mu-mean')).toBe(0);
  const rf = await out(page, 'rf-mu-mean');
  expect(Math.abs(rf - exact)).toBeLessThan(4 * (await se(page, 'rf-mu-mean')));
  expect(page.url()).toContain('reparam.f=step');
});

test('malformed URL state falls back to the defaults', async ({ page }) => {
  await open(page, '?reparam.f=%3Cimg%3E&reparam.mu=abc&reparam.sigma=0&reparam.n=-5&reparam.graph=maybe&reparam.seed=x');
  await expect(page.getByLabel('Function f')).toHaveValue('sq');
  await expect(page.getByRole('spinbutton', { name: 'Mean μ value' })).toHaveValue('1.00');
  await expect(page.getByRole('spinbutton', { name: 'Width σ value' })).toHaveValue('1.00');
  await expect(page.locator('.rp__seed')).toHaveText('seed 1, S = 1,000');
  await expect(page.locator('vae-reparam')).toHaveAttribute('data-graph', 'trick');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe (${scheme}): the live lab in both graph modes has no violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page, '?reparam.f=step');
    const check = async () => {
      const r = await new AxeBuilder({ page }).include('vae-reparam').withTags(TAGS).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    };
    await check();
    await page.getByRole('radio', { name: 'sample z directly' }).check();
    await check();
  });
}
