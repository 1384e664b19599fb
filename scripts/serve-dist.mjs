#!/usr/bin/env node
// Serves the built site (dist/) under its base path, as GitHub Pages would. Usage: node scripts/serve-dist.mjs [port]
// SERVE_H2=1 serves HTTPS with HTTP/2, as GitHub Pages does, under a self-signed certificate made with openssl for this run
// (a browser must be told to accept it): over HTTP/1.1 a browser opens at most six connections to a host, so a page of many
// small files waits in line for them, which a reader of GitHub Pages never does.
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TYPES } from './mime-types.mjs';

const root = resolve(process.env.DIST_DIR || 'dist');
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
const port = Number(process.argv[2] || process.env.PORT || 4321);

// Pages (HTML, CSS, JS, SVG) go out gzip-compressed, as GitHub Pages sends them, so the benchmark's Lighthouse runs see
// the bytes a reader downloads. Over plain HTTP the weights' JSON stays as it is: the fault tests rewrite those bodies in
// flight. The HTTP/2 server, the benchmark's GitHub Pages, compresses JSON as Pages does.
const h2 = process.env.SERVE_H2 === '1';
const GZIP = new Set(['.html', '.js', '.css', '.svg', '.xml', '.txt', ...(h2 ? ['.json'] : [])]);
const gzipped = new Map();

/** The gzip (level 6) of a file, compressed once per modification time. */
function gzipOf(file) {
  const mtime = statSync(file).mtimeMs;
  const hit = gzipped.get(file);
  if (hit && hit.mtime === mtime) return hit.body;
  const body = gzipSync(readFileSync(file), { level: 6 });
  gzipped.set(file, { mtime, body });
  return body;
}

// GitHub Pages' caching headers: every file may be reused for 10 minutes without asking (Cache-Control: max-age=600), and
// after that it is revalidated with its ETag or Last-Modified, which costs a 304 and no body when nothing changed. A
// benchmark or test that serves without them would count a returning reader's bytes and stale copies wrongly.
const MAX_AGE = 600;

/** A file's ETag from its size and modification time, as static servers make it (weak for the gzipped variant, as Pages
 * marks it): a rebuilt file gets a new one. */
const etagOf = ({ size, mtimeMs }, gzip) => `${gzip ? 'W/' : ''}"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;

/** True when the request's validators (If-None-Match, else If-Modified-Since) say its cached copy is this one. */
function notModified(req, etag, modified) {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.replace(/^W\//, '') || t.trim() === '*');
  const ims = Date.parse(req.headers['if-modified-since'] || '');
  return Number.isFinite(ims) && Math.floor(modified / 1000) * 1000 <= ims;
}

/** Maps a request path to a file in dist/, or null (directories serve index.html). */
function resolveFile(pathname) {
  if (!pathname.startsWith(base)) return null;
  const rel = decodeURIComponent(pathname.slice(base.length));
  let file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** A key and a self-signed certificate for 127.0.0.1 and localhost, valid two days. */
function selfSignedCert() {
  const dir = mkdtempSync(join(tmpdir(), 'vae-serve-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    throw new Error(
      'SERVE_H2=1 needs openssl to make a certificate for the test server: install it (apt-get install openssl) or leave SERVE_H2 unset',
    );
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// SERVE_LOG=1 prints one JSON line per answered request to stdout: {"log":[status, path, header bytes, body bytes]}, so
// that the benchmark counts what a returning reader's browser really fetched (a service worker's requests included).
const LOG = process.env.SERVE_LOG === '1';

/** Answers one request from dist/. */
function handle(req, res) {
  if (LOG) {
    res.on('finish', () => {
      const body = res.bodyBytes ?? 0; // set where a body is sent
      const head = typeof res._header === 'string' ? Buffer.byteLength(res._header) : 0; // HTTP/1.1 only (the revisit server)
      const path = new URL(req.url || '/', 'http://localhost').pathname;
      console.log(JSON.stringify({ log: [res.statusCode, path, head, req.method === 'HEAD' || res.statusCode === 304 ? 0 : body] }));
    });
  }
  const { pathname } = new URL(req.url || '/', 'http://localhost');
  // GitHub Pages redirects /base/dir to /base/dir/.
  if (pathname.startsWith(base) && !pathname.endsWith('/') && !extname(pathname) && resolveFile(`${pathname}/`)) {
    res.writeHead(301, { Location: `${pathname}/` }).end();
    return;
  }
  const file = resolveFile(pathname);
  if (!file) {
    const notFound = join(root, '404.html');
    res.writeHead(404, { 'Content-Type': TYPES['.html'] });
    if (existsSync(notFound)) createReadStream(notFound).pipe(res);
    else res.end('Not found');
    return;
  }
  const type = TYPES[extname(file)] || 'application/octet-stream';
  const gzip = GZIP.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  const stat = statSync(file);
  const modified = stat.mtimeMs;
  const etag = etagOf(stat, gzip);
  const caching = { 'Cache-Control': `max-age=${MAX_AGE}`, ETag: etag, 'Last-Modified': new Date(modified).toUTCString() };
  if (GZIP.has(extname(file))) caching.Vary = 'Accept-Encoding';
  if (notModified(req, etag, modified)) {
    res.writeHead(304, caching).end();
    return;
  }
  const body = gzip ? gzipOf(file) : readFileSync(file);
  res.writeHead(200, { 'Content-Type': type, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), 'Content-Length': body.length, ...caching });
  res.bodyBytes = body.length;
  res.end(req.method === 'HEAD' ? undefined : body);
}

(h2 ? createSecureServer({ ...selfSignedCert(), allowHTTP1: true }, handle) : createServer(handle)).listen(port, '127.0.0.1', () =>
  console.log(`serving ${root} at ${h2 ? 'https' : 'http'}://127.0.0.1:${port}${base}${h2 ? ' (HTTP/2)' : ''}`),
);
