// The PyTorch listings as a reader uses them: open a chapter's panel (its code is fetched from the listing's own page
// then), copy the code (mouse and keyboard), read the clipboard back, download the file through the base path; the
// listing's own page; the fallbacks where the Clipboard API or the fetch is missing. Widgets are held back (they have
// nothing to do with the listings) so each page is quick.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_LISTINGS, listingName } from '../../src/lib/site/code-listings.ts';

const source = (file: string) => readFileSync(join(process.cwd(), 'content', 'code', file), 'utf8');
const listing = (file: string) => CODE_LISTINGS.find((l) => l.file === file)!;

/** Opens a chapter with its widgets' weights and WASM blocked, and returns its listing panel for `file`. */
async function openChapter(page: Page, slug: string, file: string) {
  await page.route(/\/(weights|tfjs)\//, (route) => route.abort());
  await page.goto(`chapters/${slug}/`);
  const panel = page.locator(`details.code-listing[data-code-file="${file}"]`);
  await expect(panel).toHaveCount(1);
  return panel;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

for (const { file, slug } of CODE_LISTINGS) {
  test(`${slug}: the ${file} panel loads its code when opened; Copy puts exactly the file on the clipboard; the download is the file`, async ({
    page,
    request,
  }) => {
    const codeRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/code/')) codeRequests.push(r.url());
    });
    const panel = await openChapter(page, slug, file);
    // The first view carries no highlighted code: it comes from the listing's page when the reader opens the panel.
    await expect(panel.locator('pre')).toHaveCount(0);
    expect(codeRequests).toEqual([]);
    await panel.locator('summary').click();
    await expect(panel).toHaveAttribute('open', '');
    const copy = panel.getByRole('button', { name: 'Copy code' });
    await expect(copy).toBeVisible();
    expect(codeRequests.map((u) => new URL(u).pathname)).toEqual([`/vae/code/${listingName(file)}/`]);
    // Highlighted at build time: coloured spans, and the visible text is the file.
    expect(await panel.locator('pre span[style*="light-dark"]').count()).toBeGreaterThan(20);
    expect((await panel.locator('pre code').innerText()).trimEnd()).toBe(source(file).trimEnd());
    await copy.click();
    await expect(panel.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source(file));
    const href = await panel.getByRole('link', { name: `Download ${file}` }).getAttribute('href');
    expect(href).toMatch(/^\/vae\/_astro\//);
    const response = await request.get(href!);
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe(source(file));
  });
}

test('keyboard: Tab to the summary, Enter opens, Tab to Copy, Enter copies and the live region says so', async ({ page }) => {
  const { file, slug } = listing('vae.py');
  const panel = await openChapter(page, slug, file);
  await panel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('open', '');
  const copy = panel.getByRole('button', { name: 'Copy code' });
  await expect(copy).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(copy).toBeFocused();
  await page.keyboard.press('Enter');
  const status = panel.locator('[data-copy-status]');
  await expect(status).toHaveText('Copied');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source(file));
});

test("a listing's own page shows the code with Copy, and links back to its chapter", async ({ page }) => {
  const { file, slug } = listing('train_vae.py');
  await page.goto(`code/${listingName(file)}/`);
  await expect(page.locator('h1')).toHaveText(file);
  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.locator('[data-copy-status]')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source(file));
  await page.locator('.lede a').click();
  await expect(page).toHaveURL(new RegExp(`/vae/chapters/${slug}/#code-train_vae$`));
  // The link opens the panel it names, with its code.
  await expect(page.locator('#code-train_vae')).toHaveAttribute('open', '');
  await expect(page.locator('#code-train_vae').getByRole('button', { name: 'Copy code' })).toBeVisible();
});

test('without the Clipboard API, Copy selects the code and says what happened', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const { file, slug } = listing('cvae.py');
  const panel = await openChapter(page, slug, file);
  await panel.locator('summary').click();
  await panel.getByRole('button', { name: 'Copy code' }).click();
  await expect(panel.locator('[data-copy-status]')).toHaveText(/^(Copied|Code selected: press (Ctrl\+C|⌘C) to copy it)$/);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selected.trimEnd()).toBe(source(file).trimEnd());
});

test('when the code cannot be fetched, the panel says so and keeps the download and page links', async ({ page }) => {
  const { file, slug } = listing('dae.py');
  const panel = await openChapter(page, slug, file);
  await page.route(/\/code\//, (route) => route.abort());
  await panel.locator('summary').click();
  await expect(panel.locator('[data-code-load-status]')).toHaveText(/could not be loaded/);
  await expect(panel.getByRole('link', { name: `Download ${file}` })).toBeVisible();
  await expect(panel.getByRole('link', { name: 'read it on its own page' })).toHaveAttribute('href', `/vae/code/${listingName(file)}/`);
});

for (const theme of ['light', 'dark'] as const) {
  test(`390 px, ${theme}: the open training script scrolls inside its box, never the page`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: theme });
    const panel = await openChapter(page, 'train-your-own', 'train_vae.py');
    await panel.locator('summary').click();
    const pre = panel.locator('pre');
    await pre.scrollIntoViewIfNeeded();
    const widths = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, bg: getComputedStyle(el).backgroundColor }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    expect(widths.bg).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test(`axe (${theme}): the open listings of chapters 6 and 8, highlighted code included, have no WCAG AA violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    for (const file of ['reparam.py', 'train_vae.py']) {
      const panel = await openChapter(page, listing(file).slug, file);
      await panel.locator('summary').click();
      await panel.getByRole('button', { name: 'Copy code' }).click();
      await expect(panel.locator('[data-copy-status]')).toHaveText('Copied');
      const results = await new AxeBuilder({ page })
        .include(`details.code-listing[data-code-file="${file}"]`)
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      expect(
        results.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 5)
              .join(', ')}`,
        ),
      ).toEqual([]);
    }
  });
}
