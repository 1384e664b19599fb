// Attribute vectors, driven as a reader drives them: the α slider by keyboard, the attribute and group switches, a
// held-out or drawn digit; the measured attribute of the output must follow α. Plus URL state, tensor leaks, errors.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { expectTensorsBackTo, settledTensorCount } from './support/pixels.ts';

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/attributes/?debug=1${query}`);
  const host = page.locator('vae-attributes');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return host;
}
const curve = async (host: Locator) => (await host.getAttribute('data-curve'))!.split(',').map(Number);
const alphaSlider = (page: Page) => page.getByRole('slider', { name: 'α' });

/** Sets α with the keyboard (Home, then 0.1 steps) and returns the output's measured attribute once it is drawn. */
async function measuredAt(page: Page, host: Locator, alpha: number): Promise<number> {
  const slider = alphaSlider(page);
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < Math.round((alpha + 2) * 10); i++) await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-alpha', alpha.toFixed(2));
  return Number(await host.getAttribute('data-measured'));
}

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`attributes: the measured slant rises monotonically with α along the slant direction (${backend})`, async ({ page }) => {
    test.setTimeout(180_000);
    const host = await open(page, `&backend=${backend}&attributes.digit=0`);
    await expect(page.locator('vae-attributes .widget__badge')).toHaveText(backend);
    await expect(host).toHaveAttribute('data-attr', 'slant');
    await expect(host).toHaveAttribute('data-source', '0');
    // The slider, by keyboard: the output's slant at α = −2, −1.5, …, 2 strictly increases.
    const slants: number[] = [];
    for (let k = 0; k <= 8; k++) slants.push(await measuredAt(page, host, -2 + 0.5 * k));
    for (let k = 1; k < slants.length; k++) expect(slants[k], `slants ${slants.join(', ')}`).toBeGreaterThan(slants[k - 1]!);
    expect(slants[8]! - slants[0]!).toBeGreaterThan(30);
    await expect(page.locator('vae-attributes .at__measured')).toContainText(`Slant of this output: ${slants[8]!.toFixed(1)}°`);
    expect(page.url()).toContain('attributes.alpha=2');
    // The plot describes itself in words for screen readers.
    await expect(page.getByRole('img', { name: /^Slant of the output at α = −2\.0, −1\.5/ })).toBeVisible();
    // The plotted curve (21 values of α) never falls by more than rounding, for this digit and two more.
    for (const digit of ['0', '1', '2']) {
      if (digit !== '0') {
        await page.getByLabel('Held-out digit #').fill(digit);
        await page.getByLabel('Held-out digit #').press('Enter');
        await expect(host).toHaveAttribute('data-source', digit);
      }
      await expect.poll(async () => (await curve(host)).length).toBe(21);
      const c = await curve(host);
      for (let k = 1; k < c.length; k++) expect(c[k]! - c[k - 1]!, `digit ${digit}: ${c.join(', ')}`).toBeGreaterThan(-0.5);
      expect(c[20]! - c[0]!).toBeGreaterThan(30);
    }
  });
}

test('attributes: within-class groups keep slant monotone and say why; pooled groups show the class leak', async ({ page }) => {
  const host = await open(page, '&attributes.digit=1');
  // Held-out #1 is a 0. Along the pooled slant direction the classifier stops reading a 0 somewhere in α ∈ [−2, 2].
  await expect(page.locator('vae-attributes .at__direction')).toContainText('The groups are not alike in class');
  await expect(host).toHaveAttribute('data-curve-reads', /^\d{21}$/);
  const reads = (await host.getAttribute('data-curve-reads'))!;
  expect(reads[10]).toBe('0');
  expect(
    [...reads].some((r) => r !== '0'),
    `reads ${reads}`,
  ).toBe(true);
  const pooled = await host.getAttribute('data-curve');
  await page.getByRole('radio', { name: 'Within each class, averaged' }).check();
  await expect(host).toHaveAttribute('data-groups', 'within-class');
  await expect(page.locator('vae-attributes .at__direction')).toContainText('the class mix cannot leak into the direction');
  await expect(host).not.toHaveAttribute('data-curve', pooled!);
  const c = await curve(host);
  for (let k = 1; k < c.length; k++) expect(c[k]! - c[k - 1]!, c.join(', ')).toBeGreaterThan(-0.5);
  expect(page.url()).toContain('attributes.groups=within-class');
});

test('attributes: the width direction widens the digit, and the URL round-trips', async ({ page }) => {
  const host = await open(page, '&attributes.digit=3');
  await page.getByRole('radio', { name: 'Width' }).check();
  await expect(host).toHaveAttribute('data-attr', 'width');
  await expect(page.locator('vae-attributes .aplot__label').last()).toHaveText('Width (px)');
  const c = await curve(host);
  expect(c[20]! - c[0]!, c.join(', ')).toBeGreaterThan(5);
  const lo = await measuredAt(page, host, -1);
  const hi = await measuredAt(page, host, 1.5);
  expect(hi).toBeGreaterThan(lo);
  const url = page.url();
  expect(url).toContain('attributes.attr=width');
  expect(url).toContain('attributes.alpha=1.5');
  expect(url).toContain('attributes.digit=3');
  const host2 = await open(page, `&${url.split('?')[1]}`);
  await expect(host2).toHaveAttribute('data-attr', 'width');
  await expect(host2).toHaveAttribute('data-alpha', '1.50');
  await expect(host2).toHaveAttribute('data-measured', hi.toFixed(2));
  await expect(page.getByRole('radio', { name: 'Width' })).toBeChecked();
  await expect(alphaSlider(page)).toHaveValue('1.5');
});

test('attributes: a drawn digit becomes the starting point', async ({ page }) => {
  const host = await open(page);
  await page.getByText('Or draw your own').click();
  const pad = page.locator('vae-attributes canvas.pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const before = await host.getAttribute('data-curve');
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.85, { steps: 6 });
  await page.mouse.up();
  await expect(host).toHaveAttribute('data-source', 'drawing');
  await expect(page.locator('vae-attributes .at__col').first()).toContainText('Your drawing');
  await expect(host).not.toHaveAttribute('data-curve', before!);
  await page.getByRole('button', { name: 'Clear drawing' }).click();
  await expect(host).toHaveAttribute('data-source', '1');
});

test('attributes: every tensor is freed across 300 interactions', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await open(page, '&backend=cpu');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  await alphaSlider(page).focus();
  for (let i = 0; i < 200; i++) await page.keyboard.press(i % 3 ? 'ArrowRight' : 'ArrowLeft');
  await page.getByRole('radio', { name: 'Slant' }).focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press(i % 2 ? 'ArrowRight' : 'ArrowLeft');
  for (let i = 0; i < 20; i++) await page.getByRole('button', { name: 'Random' }).click();
  await page.getByRole('radio', { name: 'Within each class, averaged' }).check();
  await page.getByRole('radio', { name: 'All digits together' }).check();
  await expect(host).toHaveAttribute('data-groups', 'pooled');
  await expectTensorsBackTo(page, baseline);
});

test('attributes: malformed URL state falls back to the defaults', async ({ page }) => {
  const host = await open(page, '&attributes.attr=smile&attributes.groups=x&attributes.digit=5000&attributes.alpha=9');
  await expect(host).toHaveAttribute('data-attr', 'slant');
  await expect(host).toHaveAttribute('data-groups', 'pooled');
  await expect(host).toHaveAttribute('data-source', '1');
  await expect(host).toHaveAttribute('data-alpha', '0.00');
});

test('attributes: at most 400 KB of weights arrive before the first frame', async ({ page }) => {
  const weights: Record<string, number> = {};
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (!/\/weights\/.+\.(bin|json)$/.test(u.pathname) || u.pathname.endsWith('manifest.json')) return;
    weights[u.pathname] = (await res.body()).byteLength;
  });
  await open(page);
  // The model files, the classifier's: all read before the widget was ready.
  await expect.poll(() => Object.keys(weights).length).toBeGreaterThanOrEqual(5);
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  expect(total, JSON.stringify(weights)).toBeLessThanOrEqual(400 * 1024);
});
