// Starts the page. A file of its own, not an inline script, so that the page's
// Content-Security-Policy can allow scripts from this origin only. Trunk fills in the hashed file
// names as data attributes on the <script> tag that loads this module.
//
// The first screen is plain HTML (index.html) and usable at once. The app's WebAssembly, most of
// the page's weight, is fetched when the organizer first reaches for a control (a press, a key,
// the focus, a dragged file) and started when they choose what to read: the sample, a file (picked
// or dropped), pasted text or a project; or tick "Keep my work". What they did is handed over to
// the app as `window.circleComposerHandOver`, which the app does once it has drawn the screen
// again (src/web/hand_over.rs). A page that may have kept work, or opened as `#sample`, starts the
// app at once.
const tag = document.querySelector('script[data-app-js]');
const here = name => new URL(name, document.baseURI);
// Keeping the work on this device (keep.js), for the app to call when the organizer chose it.
window.circleComposerKeep = await import(here('keep.js').href);

const byTest = id => document.querySelector(`[data-testid="${id}"]`);
const firstScreen = new AbortController();
const listen = (target, type, handler) => target.addEventListener(type, handler, { signal: firstScreen.signal });

let appFiles;
/** Fetches (and compiles) the app once; later calls share the same promise. */
function fetchApp() {
  appFiles ??= Promise.all([
    import(here(tag.dataset.appJs).href),
    // Compiled while it downloads; a host that serves .wasm with another type gets the slow path.
    WebAssembly.compileStreaming(fetch(here(tag.dataset.appWasm)))
      .catch(() => fetch(here(tag.dataset.appWasm)).then(r => r.arrayBuffer()).then(b => WebAssembly.compile(b))),
  ]);
  return appFiles;
}

let starting = false;
/** Starts the app, handing over what the organizer did on the first screen (or nothing). */
async function startApp(handOver) {
  if (starting) return;
  starting = true;
  firstScreen.abort();
  const status = byTest('app-status');
  if (handOver) {
    const focused = document.activeElement?.dataset?.testid;
    window.circleComposerHandOver = { text: paste.value, passphrase: passphrase.value, ...handOver, focus: focused };
    status.textContent = 'Loading Circle Composer…';
    document.getElementById('app').setAttribute('aria-busy', 'true');
  }
  try {
    const [{ default: init }, module] = await fetchApp();
    await init({ module_or_path: module });
  } catch (error) {
    document.getElementById('app').removeAttribute('aria-busy');
    status.className = 'error';
    status.textContent = `Circle Composer could not load (${error.message || error}). Reload the page to try again.`;
    return;
  }
  // The offline copy: a service worker that keeps the app's own files (see sw.js), registered
  // once the app runs, so that a visit that only looks costs no more than the first screen.
  // Where the browser allows none (a page opened from a file, or over plain HTTP from another
  // machine), the page works as before, online.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(here('sw.js')).catch(() => {});
  }
}

// The first screen's own behaviour until the app takes over.
const paste = byTest('csv-paste');
const passphrase = byTest('project-passphrase');
const openProject = byTest('open-project');
for (const type of ['pointerdown', 'keydown', 'focusin', 'dragenter']) listen(document, type, fetchApp);
listen(paste, 'input', () => { byTest('csv-paste-submit').disabled = paste.value.trim() === ''; });
listen(passphrase, 'input', () => {
  openProject.disabled = passphrase.value === '';
  openProject.parentElement.classList.toggle('disabled', openProject.disabled);
});
listen(byTest('load-sample'), 'click', () => startApp({ action: 'sample' }));
listen(byTest('csv-file'), 'change', event => {
  const file = event.target.files[0];
  if (file) startApp({ action: 'file', file });
});
listen(byTest('csv-paste-submit'), 'click', () => startApp({ action: 'paste', text: paste.value }));
listen(openProject, 'change', event => {
  const file = event.target.files[0];
  if (file) startApp({ action: 'project', file, passphrase: passphrase.value });
});
listen(byTest('keep-on-device'), 'change', event => {
  if (event.target.checked) startApp({ action: 'keep' });
});
// A file dropped anywhere is read, as in the app; any other drop would make the browser open it.
const dropZone = document.querySelector('.drop-zone');
const carriesFiles = event => event.dataTransfer?.types.includes('Files');
listen(document, 'dragover', event => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  dropZone.classList.add('dragging');
});
listen(document, 'dragleave', () => dropZone.classList.remove('dragging'));
listen(document, 'drop', event => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  dropZone.classList.remove('dragging');
  const file = event.dataTransfer.files[0];
  if (file) startApp({ action: 'file', file });
});

// Kept work is shown at once, as is the sample link.
if (location.hash === '#sample' || await window.circleComposerKeep.mayHaveKept()) startApp(null);

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
