// What the end-to-end test and the browser benchmark share: a static server for dist/ under a
// sub-path on 127.0.0.1, a proxy that refuses (and counts) the browser process's own traffic, and
// Debian's Chromium started quietly through playwright-core.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HERE = path.dirname(new URL(import.meta.url).pathname);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8' };

/** Serves `dist` at `http://127.0.0.1:<port><subPath>`; resolves to `{ origin, close }`. */
export async function serveDist(dist, subPath) {
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = path.join(root, decodeURIComponent(url.pathname.slice(subPath.length)) || 'index.html');
    if (!url.pathname.startsWith(subPath) || !file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** A proxy that refuses everything and records what the browser process tried to reach. */
export async function refusingProxy() {
  const hits = [];
  const proxy = http.createServer((req, res) => { hits.push(`HTTP ${req.url}`); res.writeHead(403); res.end(); });
  proxy.on('connect', (req, socket) => { hits.push(`CONNECT ${req.url}`); socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'); });
  await new Promise(resolve => proxy.listen(0, '127.0.0.1', resolve));
  return { port: proxy.address().port, hits, close: () => proxy.close() };
}

/** Debian's Chromium, headless, with its background traffic switched off and sent to `proxyPort`. */
export async function launchChromium(proxyPort) {
  return chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-')), {
    // The wrapper merges our --disable-features with Playwright's (Chromium keeps only the last one).
    executablePath: path.join(HERE, 'chromium-merged-features'),
    headless: true,
    acceptDownloads: true,
    args: [
      // Autofill sends the page's form signatures to a Google service as soon as inputs appear;
      // the others fetch models and hints in the background (one run in about eight reached
      // redirector.gvt1.com through the refusing proxy while the board was being edited).
      '--disable-features=AutofillServerCommunication,OptimizationGuideModelDownloading,OptimizationHintsFetching,'
        + 'OptimizationTargetPrediction,OptimizationHints,Translate,MediaRouter',
      '--disable-client-side-phishing-detection', '--safebrowsing-disable-auto-update', '--disable-domain-reliability',
      '--no-pings',
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--component-updater=url-source=http://127.0.0.1:1/',
      '--gaia-config-contents={"urls":{"gaia_url":{"url":"http://127.0.0.1:1/"}}}',
      `--proxy-server=http://127.0.0.1:${proxyPort}`,
    ],
  });
}

/** The synthetic export of `n` applicants that `tests/bench/import.rs` also builds. */
export function syntheticExport(n) {
  const cities = ['SF', 'Brooklyn, NY', 'São Paulo', 'München', 'Remote (Atlanta)', 'near 4th & King Caltrain'];
  const roles = ['CTO', 'VP Engineering', 'Staff Engineer', 'Engineering Manager', 'Tech Lead'];
  const lines = ['Timestamp,Full name,Email address,Where are you based?,Current role / title,Company,Pronouns,'
    + 'Do you identify as a woman or non-binary?,Which times work for you?,Anything else we should know?'];
  for (let i = 0; i < n; i++) {
    const note = i % 50 === 0 ? '"Happy to host,\nif needed"' : '';
    lines.push(`2026/03/04 9:${String(i % 60).padStart(2, '0')}:07 AM GMT-8,Person ${i} Núñez,person${i}@example.com,`
      + `"${cities[i % cities.length]}",${roles[i % roles.length]},Company ${i % 997},they/them,${i % 10 === 0 ? 'Yes' : 'No'},`
      + `"Weekday mornings, Weekend afternoons",${note}`);
  }
  return lines.join('\n') + '\n';
}
