// Runs in the page before any of the site's scripts (served by tests/engines/server.ts): records what a reader's console
// would show as errors, for engines whose driver cannot read the console (WebKit over classic WebDriver).

declare global {
  interface Window {
    /** Errors recorded on this page by the engine tests' probe. */
    __engineErrors?: string[];
  }
}

/** Records uncaught errors, unhandled rejections, console.error calls, CSP violations and failed resource loads. */
export function recordPageErrors(): void {
  const errors: string[] = [];
  window.__engineErrors = errors;
  const text = (v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'string' ? v : JSON.stringify(v));
  window.addEventListener(
    'error',
    (e) => {
      const t = e.target as (Element & { src?: string; href?: string; rel?: string }) | null;
      if (e instanceof ErrorEvent) errors.push(`uncaught: ${e.message} (${e.filename}:${e.lineno})`);
      // A modulepreload hint that fails is no error by itself (Firefox fails the hint for a module already being fetched by an
      // import); a module that really fails to load rejects its import, which the widget reports.
      else if (t && t !== (window as unknown) && t.rel !== 'modulepreload')
        errors.push(`failed to load <${t.tagName.toLowerCase()}${t.rel ? ` rel=${t.rel}` : ''}> ${t.src || t.href || ''}`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => errors.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    errors.push(`console.error: ${args.map(text).join(' ')}`);
    original(...args);
  };
}
