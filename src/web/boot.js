// Starts the page's WebAssembly. A file of its own, not an inline script, so that the page's
// Content-Security-Policy can allow scripts from this origin only. Trunk fills in the hashed file
// names as data attributes on the <script> tag that loads this module.
const tag = document.querySelector('script[data-app-js]');
// Keeping the work on this device (keep.js), for the app to call when the organizer chose it.
window.circleComposerKeep = await import(new URL('keep.js', document.baseURI).href);
const { default: init } = await import(new URL(tag.dataset.appJs, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.appWasm, document.baseURI) });

// The offline copy: a service worker that keeps the app's own files (see sw.js). Where the
// browser allows none (a page opened from a file, or over plain HTTP from another machine), the
// page works as before, online.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch(() => {});
}

// A new version says so once. The version seen last is kept in the app's own cache storage,
// beside its files (it names the app's script, nothing about anyone), so that "Forget all data"
// has nothing of the organizer's to clear here.
if ('caches' in self) {
  try {
    const seen = await caches.open('circle-composer-version');
    const last = await seen.match('version');
    const now = tag.dataset.appJs;
    if (last && (await last.text()) !== now) {
      const notice = document.createElement('p');
      notice.className = 'notice update-notice';
      notice.setAttribute('role', 'status');
      notice.dataset.testid = 'update-notice';
      notice.textContent = 'Circle Composer has been updated to a new version since your last visit.';
      document.body.prepend(notice);
    }
    await seen.put('version', new Response(now));
  } catch {
    // Storage refused (private windows may): no notice, nothing else changes.
  }
}
