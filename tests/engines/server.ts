// The site as the engine tests see it: scripts/serve-dist.mjs serving the build under its base path, behind a small proxy
// that adds an error recorder to every page (WebKit's classic WebDriver cannot read the console) and can make the weights 404.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { recordPageErrors } from './probe.ts';

export const BASE_PATH = (process.env.BASE_PATH || '/vae/').replace(/\/?$/, '/');
const PROBE_PATH = `${BASE_PATH}__engines/probe.js`;
const PROBE_JS = `(${recordPageErrors.toString()})();\n`;

export interface Site {
  /** The site's root URL, with the base path. */
  url: string;
  /** A second origin on which every weights file but the manifest answers 404 while `failWeights` is true. */
  failingUrl: string;
  failWeights: boolean;
  close(): Promise<void>;
}

/** Waits until `url` answers, or throws after `ms`. */
async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`scripts/serve-dist.mjs did not answer at ${url} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Forwards one request to serve-dist; HTML comes back uncompressed with the error recorder as the first script of <head>.
 * With `uncached`, nothing may be kept in the HTTP cache (Cache-Control: no-store instead of Pages' max-age=600): each
 * failing-weights test is a first visit, even for weights an earlier test's Retry downloaded from the same origin. */
function forward(upstreamPort: number, req: IncomingMessage, res: ServerResponse, uncached = false): void {
  const headers = { ...req.headers, host: `127.0.0.1:${upstreamPort}` };
  delete headers['accept-encoding'];
  if (uncached) {
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
  }
  const up = request({ host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers }, (upRes) => {
    if (uncached) upRes.headers['cache-control'] = 'no-store';
    const type = String(upRes.headers['content-type'] || '');
    if (!type.startsWith('text/html')) {
      res.writeHead(upRes.statusCode || 502, upRes.headers);
      upRes.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    upRes.on('data', (c: Buffer) => chunks.push(c));
    upRes.on('end', () => {
      const html = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/<head>/i, `<head><script src="${PROBE_PATH}"></script>`);
      const { 'content-length': _len, ...rest } = upRes.headers;
      res.writeHead(upRes.statusCode || 502, { ...rest, 'content-length': Buffer.byteLength(html) });
      res.end(html);
    });
  });
  up.on('error', (err) => res.writeHead(502).end(String(err)));
  req.pipe(up);
}

/** Starts serve-dist on `port + 2` and the proxy on `port` (the site) and `port + 1` (the site with failing weights). */
export async function startSite(port: number): Promise<Site> {
  const upstreamPort = port + 2;
  const site: Site = {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    failingUrl: `http://127.0.0.1:${port + 1}${BASE_PATH}`,
    failWeights: false,
    close: async () => {
      serve?.kill();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
  const handler = (failing: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url || '/', 'http://localhost').pathname;
    if (path === PROBE_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(PROBE_JS);
    } else if (failing && site.failWeights && path.startsWith(`${BASE_PATH}weights/`) && !path.endsWith('/manifest.json')) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('Not found');
    } else {
      forward(upstreamPort, req, res, failing);
    }
  };
  const servers: Server[] = [createServer(handler(false)), createServer(handler(true))];
  let serve: ChildProcess | null = null;
  // The proxy first: a port already in use fails here, before serve-dist is started.
  await Promise.all(
    servers.map(
      (s, i) =>
        new Promise<void>((resolve, reject) => {
          s.once('error', (err) => reject(new Error(`port ${port + i} (ENGINES_PORT=${port}): ${err.message}`)));
          s.listen(port + i, '127.0.0.1', resolve);
        }),
    ),
  ).catch(async (err) => {
    await site.close();
    throw err;
  });
  serve = spawn(process.execPath, ['scripts/serve-dist.mjs', String(upstreamPort)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BASE_PATH },
  });
  await waitFor(`http://127.0.0.1:${upstreamPort}${BASE_PATH}`, 15_000).catch(async (err) => {
    await site.close();
    throw err;
  });
  return site;
}
