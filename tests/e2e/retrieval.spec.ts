// The retrieval widget, driven as a reader drives it: a held-out query's eight nearest neighbours by code distance and by
// pixel distance (the pixel ones checked against a search in Node over the same digits), marked where their label differs;
// picking, drawing and a query from the searched set itself; the manifest's precision@8; a phone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestedBeforeReady } from './support/widgets.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { decodeGreyPng } from '../../scripts/train/png.ts';
import { spriteToDigits, toUnit } from '../../src/lib/models/digits.ts';
import { DATABASE_SIZE, nearest } from '../../src/widgets/retrieval/neighbours.ts';
import { stroke } from './support/pixels.ts';
import { DEFAULT_QUERY } from '../../src/widgets/retrieval/state.ts';

const weights = join(process.cwd(), 'weights');
const manifest = JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8')) as {
  data: { heldoutLabels: string; sprite: { path: string; count: number; cols: number } };
  models: Record<string, { metrics: Record<string, number> }>;
};
const labels = [...manifest.data.heldoutLabels].map(Number);
const png = decodeGreyPng(readFileSync(join(weights, manifest.data.sprite.path)));
const H = toUnit(spriteToDigits(png.pixels, png.width, manifest.data.sprite.count, manifest.data.sprite.cols));
/** The eight pixel neighbours of held-out digit q among digits 0–999, as the widget should find them. */
const pixelNeighbours = (q: number) =>
  nearest(H.subarray(q * 784, (q + 1) * 784), H.subarray(0, DATABASE_SIZE * 784), 784, DATABASE_SIZE, 8, q < DATABASE_SIZE ? q : -1).map(
    (n) => n.index,
  );

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(`embed/retrieval/?debug=1${query}`);
  const host = page.locator('vae-retrieval');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return host;
}
const row = (page: Page, space: 'code' | 'pixel') => page.locator(`vae-retrieval .rt__row[data-space="${space}"]`);
const shown = async (host: Locator, space: 'code' | 'pixel') => (await host.getAttribute(`data-${space}-neighbours`))!.split(',').map(Number);

test('retrieval: the default query’s code neighbours share its label far more often than its pixel neighbours, which match a search in Node', async ({
  page,
}) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  const q = DEFAULT_QUERY;
  expect(await shown(host, 'pixel')).toEqual(pixelNeighbours(q));
  const code = await shown(host, 'code');
  expect(code).toHaveLength(8);
  expect(new Set(code).size).toBe(8);
  expect(code.every((i) => i >= 0 && i < DATABASE_SIZE)).toBe(true);
  const sameCode = code.filter((i) => labels[i] === labels[q]).length;
  const samePixel = pixelNeighbours(q).filter((i) => labels[i] === labels[q]).length;
  expect(sameCode).toBeGreaterThanOrEqual(6);
  expect(samePixel).toBeLessThanOrEqual(3);
  for (const [space, same] of [
    ['code', sameCode],
    ['pixel', samePixel],
  ] as const) {
    await expect(row(page, space)).toHaveAttribute('data-same', String(same));
    await expect(row(page, space).locator('.rt__cell.is-other')).toHaveCount(8 - same);
    await expect(row(page, space).locator('.rt__summary')).toHaveText(`${same} of 8 share the query’s label ${labels[q]}.`);
    // Distances grow along the row; every label shown is the manifest's.
    const cells = row(page, space).locator('.rt__cell');
    const d = await cells.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.distance)));
    expect(d).toEqual([...d].sort((a, b) => a - b));
    const shownLabels = await cells.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.label)));
    expect(shownLabels).toEqual((await shown(host, space)).map((i) => labels[i]));
  }
  await expect(row(page, 'code').locator('.rt__cell.is-other .rt__label').first()).toHaveText(/^≠ \d$/);
  const m = manifest.models['vae-16d']!.metrics;
  await expect(page.locator('vae-retrieval .rt__key')).toContainText(
    `${(100 * m.retrievalPrecision8!).toFixed(1)}% of the eight code neighbours share the query’s label, against ${(100 * m.pixelRetrievalPrecision8!).toFixed(1)}% of the eight pixel neighbours`,
  );
});

test('retrieval: picking a query by number (Enter), a random one, and one from the searched set, which is not its own neighbour', async ({
  page,
}) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  const field = page.getByRole('spinbutton', { name: 'Held-out digit #' });
  await field.fill('1500');
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-rendered', 'heldout:1500');
  expect(new URL(page.url()).searchParams.get('retrieval.query')).toBe('1500');
  expect(await shown(host, 'pixel')).toEqual(pixelNeighbours(1500));
  await page.getByRole('button', { name: 'Random held-out digit' }).click();
  await expect(host).not.toHaveAttribute('data-rendered', 'heldout:1500');
  const random = Number((await host.getAttribute('data-query'))!);
  expect(random).toBeGreaterThanOrEqual(1000);
  await field.fill('5');
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-rendered', 'heldout:5');
  for (const space of ['code', 'pixel'] as const) expect(await shown(host, space)).not.toContain(5);
  expect(await shown(host, 'pixel')).toEqual(pixelNeighbours(5));
  await expect(page.locator('vae-retrieval .rt__note')).toContainText('left out of its own neighbours');
  // A link to that state opens the same query.
  await page.goto(page.url());
  await expect(page.locator('vae-retrieval')).toHaveAttribute('data-rendered', 'heldout:5', { timeout: 90_000 });
});

test('retrieval: a drawn query has no label, so no neighbour is marked; clearing empties the rows', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(host).toHaveAttribute('data-rendered', /^drawing:/);
  await expect(row(page, 'code').locator('.rt__summary')).toHaveText('Draw a digit, or pick a held-out one.');
  await stroke(page, page.locator('vae-retrieval canvas.pad'), [
    [0.5, 0.15],
    [0.5, 0.85],
  ]);
  await expect(row(page, 'code').locator('.rt__summary')).toHaveText(/no label/);
  expect(await shown(host, 'code')).toHaveLength(8);
  await expect(page.locator('vae-retrieval .rt__cell.is-other')).toHaveCount(0);
  await expect(page.locator('vae-retrieval .rt__querycap')).toHaveText('Query: your drawing (no label)');
  expect(new URL(page.url()).searchParams.get('retrieval.query')).toBe('-1');
  // A vertical stroke is a 1: most of its code neighbours are 1s.
  expect((await shown(host, 'code')).filter((i) => labels[i] === 1).length).toBeGreaterThanOrEqual(5);
});

test('retrieval: on a phone all eight neighbours fit in one row, with nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  const cells = page.locator('vae-retrieval .rt__row[data-space="code"] .rt__cell');
  const first = (await cells.first().boundingBox())!;
  const last = (await cells.last().boundingBox())!;
  expect(Math.abs(first.y - last.y)).toBeLessThan(2);
  expect(last.x + last.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('retrieval: “Your digit”, the last digit drawn in this book, comes back as a query after a reload', async ({ page }) => {
  const host = await open(page);
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  const yours = page.getByRole('button', { name: /^Your digit/ });
  await page.getByRole('button', { name: 'Clear' }).click();
  await stroke(page, page.locator('vae-retrieval canvas.pad'), [
    [0.5, 0.15],
    [0.5, 0.85],
  ]);
  await expect(yours).toBeVisible();
  await page.goto(`embed/retrieval/?debug=1`);
  const again = page.locator('vae-retrieval');
  await expect(again).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`, { timeout: 90_000 });
  await yours.click();
  await expect(again).toHaveAttribute('data-rendered', /^drawing:/);
  expect((await shown(again, 'code')).filter((i) => labels[i] === 1).length).toBeGreaterThanOrEqual(5);
});

/** The shipped first frame's record: the default query's neighbours, found ahead of time (src/widgets/retrieval/frame.ts). */
const shippedRecord = (
  JSON.parse(readFileSync(join(weights, 'manifest.json'), 'utf8')) as {
    models: Record<
      string,
      { assets: Record<string, { neighbours: Record<string, Record<'code' | 'pixel', { index: number; distance: number }[]>> }> }
    >;
  }
).models['vae-16d']!.assets.retrievalFrames!;
const distances = (page: Page, space: 'code' | 'pixel') =>
  row(page, space)
    .locator('.rt__cell')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.distance)));

test('retrieval: the first frame comes shipped, without TensorFlow.js, the encoder or the searched digits, and equals the live search', async ({
  page,
}) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('embed/retrieval/');
  const host = page.locator('vae-retrieval');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  // What was requested before the widget's ready mark (the tests of this file see it a little after the mark).
  const before = await requestedBeforeReady(page, 'retrieval');
  expect(before.some((p) => p.endsWith('retrieval-frames.png'))).toBe(true);
  await expect(host).toHaveAttribute('data-shipped', 'true');
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  const rec = shippedRecord.neighbours[String(DEFAULT_QUERY)]!;
  for (const space of ['code', 'pixel'] as const) {
    expect(await shown(host, space)).toEqual(rec[space].map((n) => n.index));
    expect(await distances(page, space)).toEqual(rec[space].map((n) => Number(n.distance.toFixed(4))));
  }
  expect(await shown(host, 'pixel')).toEqual(pixelNeighbours(DEFAULT_QUERY));
  // Nothing of the live search came before the first frame: no encoder, no digit chunk, no TensorFlow.js backend.
  expect(before.filter((p) => /vae-16d\.encoder|heldout-\d+\.png|\.wasm$/.test(p))).toEqual([]);
  // It follows the first frame without the reader asking, and the badge then names a backend.
  await expect(host).not.toHaveAttribute('data-loading', 'true', { timeout: 90_000 });
  expect(requested.some((p) => p.endsWith('vae-16d.encoder.bin'))).toBe(true);
  await expect(host.locator('.widget__badge')).toHaveText(/^(webgl|wasm|cpu)$/);
  // The same query searched live finds the same neighbours at the same distances.
  const field = page.getByRole('spinbutton', { name: 'Held-out digit #' });
  await field.fill(String(DEFAULT_QUERY));
  await field.press('Enter');
  await expect(host).toHaveAttribute('data-shipped', 'false');
  await expect(host).toHaveAttribute('data-frames', '2');
  for (const space of ['code', 'pixel'] as const) {
    expect(await shown(host, space)).toEqual(rec[space].map((n) => n.index));
    const live = await distances(page, space);
    rec[space].forEach((n, k) => expect(Math.abs(live[k]! - n.distance)).toBeLessThan(2e-3));
  }
});

test('retrieval: when the encoder fails to download after the shipped frame, the frame stays, a note says so, and Retry brings the search', async ({
  page,
}) => {
  let refused = 0;
  await page.route('**/vae-16d.encoder.bin', (route) => (refused++, route.fulfill({ status: 404, body: 'Not found' })));
  await page.goto('embed/retrieval/');
  const host = page.locator('vae-retrieval');
  await expect(host).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  const note = host.locator('.rt__live-note');
  await expect(note).toContainText('The encoder and the searched digits did not download.');
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(host.locator('.widget__status')).toContainText(/No live search: .*HTTP 404/);
  // The shipped neighbours are still on show under the note.
  expect(await shown(host, 'code')).toEqual(shippedRecord.neighbours[String(DEFAULT_QUERY)]!.code.map((n) => n.index));
  // A new query waits for the search: it fails again while the network is down, and the rows keep the old query.
  const field = page.getByRole('spinbutton', { name: 'Held-out digit #' });
  expect(refused).toBe(1);
  await field.fill('1500');
  await field.press('Enter');
  await expect.poll(() => refused, { message: 'the new query asked for the encoder again' }).toBe(2);
  await expect(host).toHaveAttribute('data-decoder', 'error');
  await expect(note).toContainText('did not download');
  await expect(host).toHaveAttribute('data-rendered', `heldout:${DEFAULT_QUERY}`);
  await page.unrouteAll({ behavior: 'wait' });
  await note.getByRole('button', { name: 'Retry' }).click();
  await expect(host).toHaveAttribute('data-rendered', 'heldout:1500', { timeout: 60_000 });
  await expect(note).toBeHidden();
  expect(await shown(host, 'pixel')).toEqual(pixelNeighbours(1500));
});
