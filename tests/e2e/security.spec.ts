// The security posture: a strict Content-Security-Policy on every page, and zero third-party requests (see also site.spec.ts).
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { builtPages } from './support/site.ts';

for (const path of builtPages()) {
  test(`/${path}: strict CSP meta tag; every inline script is hashed`, async ({ page }) => {
    await page.goto(path);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toBeTruthy();
    const directives = Object.fromEntries(
      csp!.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    ) as Record<string, string[]>;
    expect(directives['default-src']).toEqual(["'self'"]);
    const script = directives['script-src'] ?? [];
    expect(script).toContain("'self'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.filter((s) => !/^'sha256-[A-Za-z0-9+/=]+'$/.test(s))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(script.some((s) => /^https?:|^\*$|^data:/.test(s))).toBe(false);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    const inline = await page.$$eval('script:not([src])', (els) => els.map((e) => e.textContent ?? ''));
    for (const source of inline) expect(script).toContain(`'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`);
  });
}
