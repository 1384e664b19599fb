// The conditional VAE, driven as a reader drives it: class buttons, the style cursor by keyboard and drag, a drawing
// re-rendered as every digit, the two maps, URL state, tensor leaks and a failed download.
import { requestedBeforeReady } from './support/widgets.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { diff, expectTensorsBackTo, ink, settledTensorCount, stroke } from './support/pixels.ts';
import { finger } from './support/touch.ts';
import { expectMapDots } from './support/latent-map.ts';

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/cvae/?debug=1${query}`);
  const host = page.locator('vae-cvae');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // The opening frame may come shipped; these tests drive the live model, which follows it.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  return host;
}
const z = async (host: Locator) => (await host.getAttribute('data-z'))!.split(',').map(Number);
const mapControl = (page: Page) => page.getByRole('slider', { name: /Style cursor/ });

/** Draws a polyline on the pad with the mouse; points in pad fractions (0–1). */
const strokePad = (page: Page, points: [number, number][]) => stroke(page, page.locator('vae-cvae canvas.pad'), points, 6);

for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
  test(`cvae: with the class set to 7, the classifier reads most outputs as 7 (${backend})`, async ({ page }) => {
    const host = await open(page, `&backend=${backend}`);
    await expect(page.locator('vae-cvae .widget__badge')).toHaveText(backend);
    await page.getByRole('radio', { name: '7', exact: true }).check();
    await expect(host).toHaveAttribute('data-label', '7');
    expect(page.url()).toContain('cvae.label=7');
    // 25 codes spread over the prior, all decoded as 7s.
    await expect(host).toHaveAttribute('data-samples', /^7:\d{25}$/);
    const samples = (await host.getAttribute('data-samples'))!.slice(2);
    const sevens = [...samples].filter((c) => c === '7').length;
    expect(sevens, `classifier reads ${samples}`).toBeGreaterThanOrEqual(20);
    await expect(page.locator('vae-cvae .cv__side .cv__note').last()).toContainText(`reads ${sevens} of them as 7s`);
    // The cursor, moved by keyboard to eight places around the prior: most decoded digits read as 7.
    await mapControl(page).focus();
    const preds: string[] = [];
    const moves = [
      'Shift+ArrowRight',
      'Shift+ArrowUp',
      'Shift+ArrowLeft',
      'Shift+ArrowLeft',
      'Shift+ArrowDown',
      'Shift+ArrowDown',
      'Shift+ArrowRight',
      'Shift+ArrowRight',
    ];
    for (const key of moves) {
      const before = await host.getAttribute('data-z');
      await page.keyboard.press(key);
      await expect(host).not.toHaveAttribute('data-z', before!);
      // data-z changes only once the new code is decoded and classified, so data-pred belongs to it.
      preds.push((await host.getAttribute('data-pred'))!);
    }
    await expect.poll(() => page.url()).toMatch(/cvae\.x=/);
    expect(preds.filter((p) => p === '7').length, `predictions ${preds.join('')}`).toBeGreaterThanOrEqual(6);
  });
}

test('cvae: the style row decodes one code with every label, and the classifier reads most as the label asked for', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-style-reads', /^\d{10}$/);
  const reads = (await host.getAttribute('data-style-reads'))!;
  expect([...reads].filter((c, k) => Number(c) === k).length, `reads ${reads}`).toBeGreaterThanOrEqual(8);
  // Dragging the cursor changes the style row.
  const row = page.locator('vae-cvae canvas.cv__row-canvas').first();
  const before = await ink(row);
  const box = (await page.locator('vae-cvae .lmap__frame[role="slider"] svg').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await z(host))[0]).toBeLessThan(-1);
  await expect.poll(async () => diff(await ink(row), before)).toBeGreaterThan(20);
});

test('cvae: the two maps show the same 2,000 digits, and the class explains far less of cvae-2d’s spread', async ({ page }) => {
  const host = await open(page);
  await expectMapDots(page.locator('vae-cvae .cv__map').nth(0).locator('.lmap'), 2000);
  await expectMapDots(page.locator('vae-cvae .cv__map').nth(1).locator('.lmap'), 2000);
  const [vae, cvae] = (await host.getAttribute('data-class-share'))!.split(',').map(Number) as [number, number];
  expect(vae).toBeGreaterThan(0.5);
  expect(cvae).toBeLessThan(vae / 2);
  await expect(page.locator('vae-cvae .cv__legend .cv__note')).toContainText(`${Math.round(100 * vae)}% of the spread of vae-2d`);
});

test('cvae: a drawn digit is encoded with its predicted label and re-rendered as every digit', async ({ page }) => {
  const host = await open(page);
  const row = page.locator('vae-cvae canvas.cv__row-canvas').nth(1);
  await strokePad(page, [
    [0.52, 0.12],
    [0.5, 0.5],
    [0.47, 0.88],
  ]);
  await expect(host).toHaveAttribute('data-drawn', /^1:/);
  await expect(page.locator('vae-cvae .cv__out-col .cv__note').last()).toContainText('encoded as a 1');
  // Every one of the ten cells has ink.
  const px = await ink(row);
  for (let k = 0; k < 10; k++) {
    let s = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) s += px[y * 280 + 28 * k + x]!;
    expect(s, `cell ${k}`).toBeGreaterThan(20);
  }
  // The classifier's reading of each of the ten, as in the style row.
  await expect(page.locator('vae-cvae .cv__out-col .cv__read')).toHaveText(new Array<RegExp>(10).fill(/^→\d$/));
  // The drawing's style can be put on the map: the cursor moves to its code.
  const drawnZ = (await host.getAttribute('data-drawn'))!.split(':')[1]!;
  await page.getByRole('button', { name: 'Put this style on the map' }).click();
  await expect(host).toHaveAttribute('data-z', drawnZ);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(host).toHaveAttribute('data-drawn', '');
  await expect(page.getByRole('button', { name: 'Put this style on the map' })).toBeDisabled();
});

test('cvae: by keyboard alone, the class buttons and the style sliders, and the URL round-trips', async ({ page }) => {
  const host = await open(page);
  await expect(page.getByRole('radio', { name: '3', exact: true })).toBeChecked();
  await page.getByRole('radio', { name: '3', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-label', '5');
  // An arrow key moves a style slider by 0.1, Shift+arrow by 0.5.
  await page.getByRole('slider', { name: 'z₁' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(host).toHaveAttribute('data-z', '0.20,0.00');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(host).toHaveAttribute('data-z', '1.20,0.00');
  await page.getByLabel('z₂ value').fill('-0.8');
  await expect(host).toHaveAttribute('data-z', '1.20,-0.80');
  await expect.poll(() => page.url()).toContain('cvae.y=-0.8');
  const url = page.url();
  expect(url).toContain('cvae.label=5');
  expect(url).toContain('cvae.x=1.2');
  const host2 = await open(page, `&${url.split('?')[1]}`);
  await expect(host2).toHaveAttribute('data-label', '5');
  await expect(host2).toHaveAttribute('data-z', '1.20,-0.80');
  await expect(page.getByRole('radio', { name: '5', exact: true })).toBeChecked();
  await expect(mapControl(page)).toHaveAttribute('aria-valuetext', 'z₁ = 1.20, z₂ = −0.80');
});

test('cvae: every tensor is freed across 250 interactions', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await open(page, '&backend=cpu');
  const baseline = await settledTensorCount(page);
  expect(baseline).toBeGreaterThan(0);
  await mapControl(page).focus();
  for (let i = 0; i < 150; i++) await page.keyboard.press(['ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowDown'][i % 4]!);
  await page.getByRole('radio', { name: '3', exact: true }).focus();
  for (let i = 0; i < 70; i++) await page.keyboard.press(i % 3 ? 'ArrowRight' : 'ArrowLeft');
  for (let i = 0; i < 10; i++)
    await strokePad(page, [
      [0.2 + i * 0.02, 0.2],
      [0.7, 0.5 + i * 0.01],
      [0.3, 0.8],
    ]);
  await page.getByRole('button', { name: 'Put this style on the map' }).click();
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Clear' }).click();
  await expect(host).toHaveAttribute('data-drawn', '');
  await expectTensorsBackTo(page, baseline);
});

test('cvae: malformed URL state falls back to the defaults', async ({ page }) => {
  const host = await open(page, '&cvae.label=12&cvae.x=NaN&cvae.y=1e999');
  await expect(host).toHaveAttribute('data-label', '3');
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
});

test('cvae: at most 400 KB of weights arrive before the first frame', async ({ page }) => {
  const weights: Record<string, number> = {};
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (!/\/weights\/.+\.(bin|json)$/.test(u.pathname) || u.pathname.endsWith('manifest.json')) return;
    weights[u.pathname] = (await res.body()).byteLength;
  });
  await open(page);
  // The model files, the classifier's and the two maps’ held-out codes: all read before the widget was ready.
  await expect.poll(() => Object.keys(weights).length).toBeGreaterThanOrEqual(7);
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  expect(total, JSON.stringify(weights)).toBeLessThanOrEqual(400 * 1024);
});

test('cvae on a phone: a vertical swipe over the style map scrolls the page, a drag on the cursor handle moves the style', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const host = await open(page);
  const touch = await finger(context, page);
  const map = mapControl(page);
  const svg = map.locator('.lmap__svg');
  const handle = map.locator('.lmap__handle');
  const centre = async () => {
    await svg.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await touch.settled();
  };
  const start = await z(host);

  // A swipe up over the map, on the side away from the cursor: the page scrolls and the style stays.
  await centre();
  const box = (await svg.boundingBox())!;
  let h = (await handle.boundingBox())!;
  const side = h.x + h.width / 2 > box.x + box.width / 2 ? 0.15 : 0.85;
  const before = await touch.scrollY();
  await touch.swipe([box.x + box.width * side, box.y + box.height * 0.8], [box.x + box.width * side, box.y + box.height * 0.2]);
  await expect.poll(touch.scrollY).toBeGreaterThan(before + 50);
  expect(await z(host)).toEqual(start);

  // A drag from the handle moves the cursor, and the page stays put.
  await centre();
  h = (await handle.boundingBox())!;
  expect(h.width).toBeGreaterThanOrEqual(44);
  const still = await touch.scrollY();
  const dx = h.x + h.width / 2 > box.x + box.width / 2 ? -70 : 70;
  await touch.swipe([h.x + h.width / 2, h.y + h.height / 2], [h.x + h.width / 2 + dx, h.y + h.height / 2 + 60]);
  await expect.poll(async () => (await z(host))[0]).not.toBe(start[0]);
  expect((await z(host))[1]).toBeLessThan(start[1]!);
  expect(await touch.scrollY()).toBe(still);
  await context.close();
});

test('cvae: the first frame comes shipped, without TensorFlow.js, cvae-2d or the classifier, and equals what they compute live', async ({ page }) => {
  await page.goto('embed/cvae/');
  const host = page.locator('vae-cvae');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const before = await requestedBeforeReady(page, 'cvae');
  expect(before.some((p) => p.endsWith('cvae-2d/cvae-frames.png'))).toBe(true);
  // Before the first frame: the frame and the two maps' codes, but no weights shard and no WASM.
  expect(before.filter((p) => /\.(encoder|decoder|classifier)\.bin$|\.wasm$/.test(p))).toEqual([]);
  await expect(host).toHaveAttribute('data-shipped', 'true');
  const shipped = {
    pred: await host.getAttribute('data-pred'),
    style: await host.getAttribute('data-style-reads'),
    samples: await host.getAttribute('data-samples'),
    caption: await page.locator('vae-cvae .cv__caption').getAttribute('data-text'),
    digit: await ink(page.locator('vae-cvae canvas.cv__digit')),
  };
  expect(shipped.pred).toBe('3');
  expect(shipped.style).toMatch(/^\d{10}$/);
  expect(shipped.samples).toMatch(/^3:\d{25}$/);
  // The model and the classifier follow; the badge then names a backend.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 60_000 });
  await expect(page.locator('vae-cvae .widget__badge')).toHaveText(/^(webgl|wasm|cpu)$/);
  // The same state decoded live: another label and back, then a step of the cursor and back.
  await page.getByRole('radio', { name: '4', exact: true }).check();
  await expect(host).toHaveAttribute('data-samples', /^4:/);
  await page.getByRole('radio', { name: '3', exact: true }).check();
  await expect(host).toHaveAttribute('data-samples', shipped.samples!);
  const slider = page.getByRole('slider', { name: 'z₁' });
  await slider.press('ArrowRight');
  await expect(host).not.toHaveAttribute('data-z', '0.00,0.00');
  await slider.press('ArrowLeft');
  await expect(host).toHaveAttribute('data-z', '0.00,0.00');
  await expect(host).toHaveAttribute('data-shipped', 'false');
  await expect(host).toHaveAttribute('data-pred', shipped.pred!);
  await expect(host).toHaveAttribute('data-style-reads', shipped.style!);
  await expect(page.locator('vae-cvae .cv__caption')).toHaveAttribute('data-text', shipped.caption!);
  const liveDigit = await ink(page.locator('vae-cvae canvas.cv__digit'));
  expect(Math.max(...liveDigit.map((v, i) => Math.abs(v - shipped.digit[i]!)))).toBeLessThanOrEqual(2 / 255 + 1e-6);
});

test('cvae: when cvae-2d fails to download after the shipped frame, the frame stays, a note says so, and Retry brings it', async ({ page }) => {
  let refused = 0;
  await page.route('**/cvae-2d/cvae-2d.decoder.bin', (route) => (refused++, route.fulfill({ status: 404, body: 'Not found' })));
  await page.goto('embed/cvae/');
  const host = page.locator('vae-cvae');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const note = page.locator('vae-cvae .cv__digit-note');
  await expect(note).toContainText('The conditional VAE did not download.');
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(host.locator('.widget__status')).toContainText(/No live decoding: .*HTTP 404/);
  await expect(host).toHaveAttribute('data-shipped', 'true');
  // A new label waits for the model: it fails again while the network is down, and the digit keeps the old one.
  const first = refused;
  await page.getByRole('radio', { name: '4', exact: true }).check();
  await expect.poll(() => refused, { message: 'the change asked for the model again' }).toBeGreaterThan(first);
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(note).toContainText('did not download');
  await expect(host).toHaveAttribute('data-pred', '3');
  await page.unrouteAll({ behavior: 'wait' });
  await note.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-samples', /^4:/, { timeout: 60_000 });
  await expect(note).toBeHidden();
  await expect(host).toHaveAttribute('data-shipped', 'false');
});
