// Circle Composer's service worker: keeps the app's own files (the page, its scripts and
// WebAssembly, the worker, the place list, the icons) so that after one visit the page opens and
// composes with the network cut. Nothing else is cached: applicants' files are read in the page
// and never fetched, so they never pass through here.
//
// Each version is one cache, named after a digest of the page (whose script and WebAssembly names
// carry Trunk's content hashes). Every file is fetched from the network first and taken from the
// cache only when the network fails: the worker and the place list keep their names from one
// version to the next, and must never be mixed with another version's page. A new version is
// picked up on the next visit.

const PREFIX = 'circle-composer-files-';
// Files the page loads by fixed names (the worker's, the place list's, the install's).
const FIXED = ['boot.js', 'keep.js', 'core-worker.js', 'gazetteer.txt',
  'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png'];
const PAGE = new URL('./', self.registration.scope).href;

/** The same-origin files a version of the page refers to, with the fixed ones. */
function filesOf(page) {
  const names = new Set(FIXED);
  for (const [, name] of page.matchAll(/(?:href|src|data-app-js|data-app-wasm)="([^"]+)"/g)) {
    if (!/^[a-z]+:|^\/\//i.test(name)) names.add(name.replace(/^\.\//, ''));
  }
  return [...names].map(name => new URL(name, PAGE).href);
}

async function versionOf(page) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(page)));
  return PREFIX + [...digest.slice(0, 8)].map(b => b.toString(16).padStart(2, '0')).join('');
}

/** Caches a version of the page and everything it loads, unless that version is cached already. */
async function keep(response) {
  const page = await response.clone().text();
  const name = await versionOf(page);
  if (await caches.has(name)) return;
  const cache = await caches.open(name);
  // Revalidated, not taken from the HTTP cache: the files with fixed names must be this version's.
  await cache.addAll(filesOf(page).map(url => new Request(url, { cache: 'no-cache' })));
  await cache.put(PAGE, response);
  // Older versions go once the new one is complete.
  for (const old of await caches.keys()) {
    if (old.startsWith(PREFIX) && old !== name) await caches.delete(old);
  }
}

self.addEventListener('install', event => {
  event.waitUntil(fetch(PAGE, { cache: 'no-store' }).then(keep).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Only the app's own page is kept (not another page under the same path, nor a file opened
    // directly), and only when it is HTML.
    const page = new URL(request.url);
    const isApp = page.origin + page.pathname === PAGE || page.origin + page.pathname === PAGE + 'index.html';
    event.respondWith(fetch(request, { cache: 'no-store' })
      .then(response => {
        const html = (response.headers.get('content-type') || '').startsWith('text/html');
        if (response.ok && isApp && html) event.waitUntil(keep(response.clone()).catch(() => {}));
        return response;
      })
      .catch(async () => (await caches.match(PAGE)) || Response.error()));
    return;
  }
  event.respondWith(fetch(request, { cache: 'no-cache' })
    .catch(async () => {
      const kept = await caches.match(request, { ignoreSearch: true });
      if (!kept) return Response.error();
      // A kept response carries its own address, without the query the worker's script reads
      // (core-worker.js?js=…&wasm=…); a copy carries none, so the request's address stands.
      return new URL(request.url).search ? new Response(kept.body, kept) : kept;
    }));
});
