// Starts the page's WebAssembly. A file of its own, not an inline script, so that the page's
// Content-Security-Policy can allow scripts from this origin only. Trunk fills in the hashed file
// names as data attributes on the <script> tag that loads this module.
const tag = document.querySelector('script[data-app-js]');
const { default: init } = await import(new URL(tag.dataset.appJs, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.appWasm, document.baseURI) });
