// The page's worker (src/web/core_worker.rs): the app's own script and WebAssembly, started in
// the worker's scope, where they register the worker's reactor instead of drawing the page. The
// page names its hashed script and WebAssembly in this script's address (?js=…&wasm=…), so that
// one download, already in the browser's cache, serves the page and every worker.
const files = new URL(self.location.href).searchParams;
const here = name => new URL(name, self.location.href);
import(here(files.get('js')).href)
  .then(({ default: init }) => init({ module_or_path: here(files.get('wasm')) }));
