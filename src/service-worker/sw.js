// The book's service worker. The build (src/lib/site/service-worker.ts) writes it to dist/sw.js with PLAN filled in: every
// page and versioned file of that build with the first 16 hex digits of its sha256.
// - Pages: network first, past the HTTP cache (GitHub Pages lets a browser reuse a page for 10 minutes without asking; here
//   the server is asked every time, which costs a 304 and no body when the page has not changed); the saved copy only when
//   the network fails (offline), so a page is never stale while online.
// - Versioned files (hashed /_astro/ files, tfjs WASM, weights, figures, stills): cache first, but a saved copy is used only
//   while its hash is the one this build lists; anything else is fetched again (past the HTTP cache when the file's name
//   carries no hash: the HTTP cache may hold the previous deploy's copy), and a download is saved only if its hash is the
//   listed one (error responses and other builds' bytes are passed on, never saved).
// - A new deploy: the page fetched from the network is the new one; this worker checks for a newer sw.js at each
//   navigation and, while one is on its way, sends files whose URL does not change between builds to the network, so a
//   new page never gets old weights. The new worker takes over at once (skipWaiting + claim); while it does, navigations
//   bypass the old worker (beingReplaced).
// - Saving the whole book ahead happens only when a page asks (src/service-worker/register.ts: idle, no Save-Data).
const PLAN = self.__VAE_SW_PLAN__;
const CACHE = `vae-book-v1:${PLAN.base}`; // caches are per origin, and GitHub Pages puts every project site on one origin
const HASH = 'x-vae-sha256';
const VERSION = 'x-vae-version'; // the request header in which a page names the version it wants (fetch-verified.ts)
const ORIGIN = self.location.origin;

/** The update check started by the latest navigation (awaited before old builds' files are trusted). */
let updateCheck = null;
/** Files being saved ahead right now: a page asking for one waits for that download instead of starting a second. */
const saving = new Map();

const keyOf = (rel) => `${ORIGIN}${PLAN.base}${rel}`;
const isImmutable = (rel) => rel.startsWith('_astro/'); // the file name carries its content hash

/** First 16 hex digits of a buffer's sha256. */
async function hash16(buf) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return [...d.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Saves a 200 response under rel, with its hash; returns false (nothing saved) when the hash is not the expected one. */
async function save(rel, res, want) {
  if (res.status !== 200 || res.type !== 'basic') return false;
  const buf = await res.arrayBuffer();
  const got = await hash16(buf);
  if (want && got !== want) return false;
  const headers = { 'content-type': res.headers.get('content-type') || 'application/octet-stream', [HASH]: got };
  await (await caches.open(CACHE)).put(keyOf(rel), new Response(buf, { status: 200, headers }));
  return true;
}

/** True when a newer sw.js is installing, waiting or already active in this worker's place (after the latest navigation's
 * update check, at most 4 s): a page this worker still controls while the new one takes over must not get old files. */
async function newerBuildComing() {
  if (updateCheck) await Promise.race([updateCheck, new Promise((r) => setTimeout(r, 4000))]);
  return beingReplaced();
}

/** The same request, but one the HTTP cache must check with the server before it may answer (cache mode no-cache); the
 * request itself where an engine will not copy it (a navigation's, in an engine older than the spec). */
function revalidated(req) {
  if (req.cache === 'no-store' || req.cache === 'reload' || req.cache === 'no-cache') return req;
  try {
    return new Request(req, { cache: 'no-cache' });
  } catch {
    return req;
  }
}

/** A page: from the network (saving a copy), else the saved copy, else the browser's own offline error. */
async function page(event, rel) {
  if (event.request.mode === 'navigate') updateCheck = self.registration.update().catch(() => {});
  try {
    const res = await fetch(revalidated(event.request));
    if (rel in PLAN.pages && res.status === 200) event.waitUntil(save(rel, res.clone(), null));
    return res;
  } catch (err) {
    const cache = await caches.open(CACHE);
    const copy = (await cache.match(keyOf(rel))) || (rel.endsWith('/') ? null : await cache.match(keyOf(`${rel}/`)));
    if (copy) return copy;
    throw err;
  }
}

/** A versioned file: the saved copy when it is this build's, else the network (saving the download when its hash is right).
 * A page that names the version it wants (header x-vae-version, the first 16 hex digits of the sha256: weights and their
 * manifest) and wants another than this build's is a newer deploy's page: it gets the network's file at once, whatever this
 * worker has, without waiting for the update check; one that wants this build's gets the saved copy at once. */
async function asset(event, rel, version) {
  const want = PLAN.assets[rel];
  // (Past the HTTP cache: its copy may be the previous deploy's, which has the same URL.)
  if (version && want && version !== want) return fetch(revalidated(event.request));
  await saving.get(rel);
  if (isImmutable(rel) || version === want || !(await newerBuildComing())) {
    const copy = await (await caches.open(CACHE)).match(keyOf(rel));
    if (copy && (!want || copy.headers.get(HASH) === want)) return copy;
  }
  // A file whose name carries no hash is fetched past the HTTP cache, whose copy may be the previous deploy's.
  const res = await fetch(isImmutable(rel) ? event.request : revalidated(event.request));
  if (res.status === 200 && (want || isImmutable(rel))) event.waitUntil(save(rel, res.clone(), want));
  return res;
}

/** True when a newer worker is installing or waiting, or has already become the registration's active one. */
function beingReplaced() {
  const reg = self.registration;
  return Boolean(reg.installing || reg.waiting || (self.serviceWorker && reg.active && reg.active !== self.serviceWorker));
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || req.headers.has('range')) return;
  const u = new URL(req.url);
  if (u.origin !== ORIGIN || !u.pathname.startsWith(PLAN.base)) return;
  const rel = decodeURIComponent(u.pathname.slice(PLAN.base.length));
  // While a newer build's worker is replacing this one, a navigation goes straight to the network: Chromium was seen to
  // lose the response of a navigation this worker was still fetching when the new worker took over (the tab never loaded).
  if (req.mode === 'navigate' && beingReplaced()) return;
  if (req.mode === 'navigate' || rel in PLAN.pages) event.respondWith(page(event, rel));
  else if (rel in PLAN.assets || isImmutable(rel)) event.respondWith(asset(event, rel, req.headers.get(VERSION)));
});

/** Downloads one file for saving: the HTTP cache may answer (a file this page already loaded), else the network. */
async function download(rel, want, onlyIfCached) {
  const modes = onlyIfCached ? ['only-if-cached'] : ['default', 'no-cache'];
  for (const cache of modes) {
    const res = await fetch(keyOf(rel), { cache, mode: 'same-origin', priority: 'low' }).catch(() => null);
    if (res && (await save(rel, res, want))) return;
  }
  throw new Error(`${rel} was not saved`);
}

/** Saves the listed files that are missing or from another build, three at a time; reports how many are now saved. */
async function saveAll(list, onlyIfCached) {
  const cache = await caches.open(CACHE);
  const todo = [];
  for (const rel of list) {
    const want = PLAN.assets[rel] || PLAN.pages[rel];
    const copy = await cache.match(keyOf(rel));
    if (want && copy?.headers.get(HASH) !== want) todo.push(rel);
  }
  let failed = 0;
  const worker = async () => {
    for (let rel = todo.shift(); rel !== undefined; rel = todo.shift()) {
      if (saving.has(rel)) {
        await saving.get(rel); // another request is saving it already
        continue;
      }
      const job = download(rel, PLAN.assets[rel] || PLAN.pages[rel], onlyIfCached);
      saving.set(
        rel,
        job.catch(() => {}),
      );
      await job.catch(() => failed++);
      saving.delete(rel);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return { saved: list.length - failed, failed };
}

// The page says when: { type: 'save' } saves the whole book; { type: 'save', urls } only those files, from the HTTP cache.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'save') return;
  const urls = Array.isArray(event.data.urls) ? event.data.urls : null;
  const list = urls
    ? urls
        .map((s) => new URL(s, ORIGIN))
        .filter((u) => u.origin === ORIGIN && u.pathname.startsWith(PLAN.base))
        .map((u) => decodeURIComponent(u.pathname.slice(PLAN.base.length)))
    : PLAN.precache;
  event.waitUntil(saveAll(list, Boolean(urls)).then((r) => event.source?.postMessage({ type: 'saved', whole: !urls, ...r })));
});

self.addEventListener('install', () => self.skipWaiting());

/** Drops saved files this build does not list (or lists with another hash), and caches of other formats for this base. */
async function prune() {
  for (const name of await caches.keys())
    if (name.endsWith(`:${PLAN.base}`) && name.startsWith('vae-book-') && name !== CACHE) await caches.delete(name);
  const cache = await caches.open(CACHE);
  for (const req of await cache.keys()) {
    const rel = decodeURIComponent(new URL(req.url).pathname.slice(PLAN.base.length));
    const want = PLAN.assets[rel] || PLAN.pages[rel];
    if (rel in PLAN.pages) continue; // a page's older copy is still better than none offline; the next visit replaces it
    if (!want || (await cache.match(req))?.headers.get(HASH) !== want) await cache.delete(req);
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await prune();
      await self.clients.claim();
    })(),
  );
});
