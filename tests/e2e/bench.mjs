// Browser benchmark (not a test): times importing synthetic exports of 1,000, 10,000 and 20,000
// applicants in the release build (file chosen → preview shown, median of three), composing the
// bundled sample and synthetic 1,200 and 10,000 (Compose clicked → circles shown), and on those
// boards a move menu, a move, and a re-compose with 90 % of the circles locked (at 10,000: three
// moves with "keep on this device" ticked instead); then the Send step on those boards: the next
// draft shown, and each download made.
// Run: node tests/e2e/bench.mjs dist        (only composing and sending: node tests/e2e/bench.mjs dist send;
//                                            only the places: node tests/e2e/bench.mjs dist places)
import fs from 'node:fs';
import path from 'node:path';
import { HERE, launchChromium, refusingProxy, serveDist, syntheticExport } from './harness.mjs';

const DIST = path.resolve(process.argv[2] || path.join(HERE, '../../dist'));
const server = await serveDist(DIST, '/');
const proxy = await refusingProxy();
const context = await launchChromium(proxy.port);
const page = context.pages()[0] ?? await context.newPage();
// Long main-thread tasks (over 50 ms), collected from every document the page loads.
await page.addInitScript(() => {
  window.longTasks = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push(Math.round(e.duration))))
    .observe({ type: 'longtask', buffered: true });
});
const longestTask = async () => Math.max(0, ...await page.evaluate(() => window.longTasks.splice(0)));
const byTest = id => page.locator(`[data-testid="${id}"]`);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Chooses a file of `text` in the page's file input, the file made in the page beforehand: so
 * that the longest tasks counted after it are the app's, not the test driver's copying of the
 * bytes into the page. */
async function chooseInPage(name, text) {
  await page.evaluate(([name, text]) => { window.benchFile = new File([text], name, { type: 'text/csv' }); }, [name, text]);
  await longestTask();
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid="csv-file"]');
    const transfer = new DataTransfer();
    transfer.items.add(window.benchFile);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Milliseconds from clicking `click` in the page until `done` matches an element there (or,
 * with `recompose`, until a re-compose has started and ended), timed inside the page. The page's
 * Content-Security-Policy forbids eval, so the conditions are selectors, not code. */
const timedInPage = (click, done, recompose = false, positionText = null) => page.evaluate(([click, done, recompose, positionText]) => new Promise(resolve => {
  const started = performance.now();
  const finished = () => recompose
    ? window.recomposeStarted && !document.querySelector('[data-testid="recompose"]').disabled
    : positionText ? document.querySelector('[data-testid="preview-position"]').textContent.startsWith(positionText)
    : !!document.querySelector(done);
  const check = () => finished() ? resolve(performance.now() - started) : requestAnimationFrame(check);
  document.querySelector(click).click();
  queueMicrotask(check);
}), [click, done, recompose, positionText]);

/** The board's own times, median of 5: a person's move menu (with suggestions) shown; a move
 * through it re-judged and drawn; and, with 90 % of the circles locked, a re-compose of the rest. */
async function boardBench(n) {
  const menus = [], moves = [];
  for (let run = 0; run < 5; run++) {
    const ids = await byTest('group').evaluateAll(els => els.map(e => e.dataset.groupId));
    const [from, to] = [ids[run + 1], ids[run + 2]];
    const record = await page.locator(`[data-testid="group"][data-group-id="${from}"] [data-testid="member"]`).first().getAttribute('data-record');
    menus.push(await timedInPage(`[data-testid="member"][data-record="${record}"] [data-testid="member-move"]`, '[data-testid="move-menu"]'));
    moves.push(await timedInPage(
      `[data-testid="move-target"][data-group-id="${to}"]`,
      `[data-testid="group"][data-group-id="${to}"] [data-testid="member"][data-record="${record}"]`));
  }
  const moveLongest = await longestTask();
  const moved = `move menu with suggestions ${Math.round(median(menus))} ms, a move re-judged and drawn ${Math.round(median(moves))} ms (longest task ${moveLongest} ms)`;
  // Re-composing around locked circles is measured at 1,200 applicants, as the target says; at
  // more, three moves with "keep on this device" ticked (each change writes the encrypted copy).
  if (n > 1200) return `${moved}; ${await keptMoves()}`;
  while (await byTest('show-more-circles').count()) await byTest('show-more-circles').click();
  const total = Number((await page.locator('.board-summary').textContent()).match(/in (\d+) circles/)[1]);
  await page.waitForFunction(total => document.querySelectorAll('[data-testid="group-lock"]').length === total, total, { timeout: 120_000 });
  const locks = await byTest('group-lock').count();
  const toLock = Math.floor(locks * 0.9);
  await page.evaluate(count => { const buttons = [...document.querySelectorAll('[data-testid="group-lock"]')]; buttons.slice(0, count).forEach(b => b.click()); }, toLock);
  await page.waitForFunction(count => document.querySelectorAll('[data-testid="group-lock"][aria-pressed="true"]').length === count, toLock);
  await longestTask();
  await page.evaluate(() => {
    window.recomposeStarted = false;
    new MutationObserver(() => { if (document.querySelector('[data-testid="recompose"]')?.disabled) window.recomposeStarted = true; })
      .observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  const recompose = await timedInPage('[data-testid="recompose"]', null, true);
  return `${moved}; re-compose with ${toLock} of ${locks} circles locked ${Math.round(recompose)} ms (longest task ${await longestTask()} ms)`;
}

/** Three moves through the menu with "keep on this device" ticked, clicked in the page: the
 * longest main-thread task, and the main-thread time of the last copy. Unticks it afterwards. */
async function keptMoves() {
  await page.evaluate(() => document.querySelector('[data-testid="keep-on-device"]').click());
  await page.waitForFunction(() => document.querySelector('[data-testid="keep-on-device"]').dataset.saveMs !== undefined);
  await page.waitForTimeout(500);
  await longestTask();
  for (let run = 0; run < 3; run++) {
    const ids = await byTest('group').evaluateAll(els => els.map(e => e.dataset.groupId));
    const [from, to] = [ids[run + 4], ids[run + 5]];
    const record = await page.locator(`[data-testid="group"][data-group-id="${from}"] [data-testid="member"]`).first().getAttribute('data-record');
    await timedInPage(`[data-testid="member"][data-record="${record}"] [data-testid="member-move"]`, '[data-testid="move-menu"]');
    await timedInPage(`[data-testid="move-target"][data-group-id="${to}"]`,
      `[data-testid="group"][data-group-id="${to}"] [data-testid="member"][data-record="${record}"]`);
    await page.waitForTimeout(300);
  }
  const longest = await longestTask();
  const saveMs = await byTest('keep-on-device').getAttribute('data-save-ms');
  await page.evaluate(() => document.querySelector('[data-testid="keep-on-device"]').click());
  await page.waitForTimeout(500);
  return `with keeping on, 3 moves: longest task ${longest} ms (a copy takes ${saveMs} ms)`;
}

/** The Send step's times at this board: the next draft shown (median of 5), and each download
 * from the click to the browser's download, with the longest main-thread task it took. */
async function sendBench() {
  // Every circle gets a first meeting in a named zone: the board's own details table, filled in.
  const [blank] = await Promise.all([page.waitForEvent('download'), byTest('download-details').click()]);
  const ids = fs.readFileSync(await blank.path(), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map(row => row.split(',')[0]);
  const table = ['Circle,Starts,Minutes,Where', ...ids.map(id => `${id},2027-01-12T18:30 America/Los_Angeles,60,https://video.example/${id}`)];
  await longestTask();
  await byTest('details-file').setInputFiles({ name: 'details.csv', mimeType: 'text/csv', buffer: Buffer.from(table.join('\n')) });
  await page.locator('[data-testid="preview-body"]', { hasText: 'Tuesday 12 January 2027' }).waitFor({ timeout: 60_000 });
  const detailsLongest = await longestTask();
  const nexts = [];
  for (let run = 0; run < 5; run++) {
    const position = await byTest('preview-position').textContent();
    const next = Number(position.match(/Draft (\d+)/)[1]) + 1;
    nexts.push(await timedInPage('[data-testid="preview-next"]', null, false, `Draft ${next} of`));
  }
  const parts = [`details table read (longest task ${detailsLongest} ms)`, `next draft ${Math.round(median(nexts))} ms`];
  for (const [id, label] of [['download-emails', 'emails.zip'], ['download-mailmerge', 'mail-merge.csv'], ['download-ics', 'circles.ics']]) {
    await longestTask();
    const started = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), byTest(id).click()]);
    const bytes = fs.statSync(await download.path()).size;
    parts.push(`${label} ${Math.round(bytes / 1024)} KB in ${Date.now() - started} ms (longest task ${await longestTask()} ms)`);
  }
  return parts.join('; ');
}

const onlySend = process.argv[3] === 'send';
const onlyPlaces = process.argv[3] === 'places';
try {
  if (!onlyPlaces) {
  if (!onlySend) {
  console.log('| applicants | bytes | import in the page (median of 3) |');
  console.log('|---:|---:|---:|');
  for (const n of [1000, 10000, 20000]) {
    const buffer = Buffer.from(syntheticExport(n));
    const times = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(server.origin + '/');
      await byTest('csv-file').waitFor();
      const started = Date.now();
      await byTest('csv-file').setInputFiles({ name: `applicants-${n}.csv`, mimeType: 'text/csv', buffer });
      await page.locator('[data-testid="import-summary"]', { hasText: `${n} records` }).waitFor({ timeout: 120_000 });
      times.push(Date.now() - started);
    }
    console.log(`| ${n} | ${buffer.length} | ${median(times)} ms |`);
  }
  // Composing with the suggested rules once places are resolved (the chart is shown), as an
  // organizer would: the time runs from the click to the cards, worker start included.
  const composeTimes = [];
  let sampleLongest = 0;
  for (let run = 0; run < 3; run++) {
    // A fresh document each time: a change of #hash alone would not reload the page.
    await page.goto('about:blank');
    await page.goto(server.origin + '/#sample');
    await byTest('places-chart').waitFor({ timeout: 60_000 });
    await longestTask();
    const started = Date.now();
    await byTest('compose').click();
    await byTest('group').first().waitFor({ timeout: 60_000 });
    composeTimes.push(Date.now() - started);
    sampleLongest = Math.max(sampleLongest, await longestTask());
  }
  console.log(`\nsample (86 applicants): Compose clicked → circles shown, median of 3: ${median(composeTimes)} ms; longest main-thread task ${sampleLongest} ms`);
  }
  for (const n of [1200, 10000]) {
    // The app started (with the sample), then the file chosen: its longest tasks are the import's.
    await page.goto('about:blank');
    await page.goto(server.origin + '/#sample');
    await byTest('places-chart').waitFor({ timeout: 60_000 });
    await chooseInPage(`applicants-${n}.csv`, syntheticExport(n));
    await page.locator('[data-testid="import-summary"]', { hasText: `${n} records` }).waitFor({ timeout: 120_000 });
    await byTest('places-chart').waitFor({ timeout: 120_000 });
    const beforeCompose = await longestTask();
    // An edit of a rule recomputes the feasibility notes on the main thread.
    const edited = Date.now();
    await byTest('rule-max-tz-spread').fill('4');
    await byTest('rule-max-tz-spread').dispatchEvent('change');
    await page.locator('[data-testid="finding"]', { hasText: 'by video' }).first().waitFor();
    const editMs = Date.now() - edited;
    const editLongest = await longestTask();
    const started = Date.now();
    await byTest('compose').click();
    await byTest('group').first().waitFor({ timeout: 300_000 });
    const elapsed = Date.now() - started;
    const summary = await page.locator('.board-summary').textContent();
    const groups = summary.match(/in (\d+) circles/)[1];
    const waiting = await page.locator('[data-testid="waitlist"] [data-testid="member"]').count();
    const broken = await page.locator('.checks .not-ok.hard').count();
    console.log(`synthetic ${n} applicants: Compose clicked → ${groups} circles, ${waiting} waiting, ${broken} hard rules broken, shown in ${elapsed} ms; `
      + `longest main-thread task: ${beforeCompose} ms importing and resolving places, ${editLongest} ms after a rule edit (${editMs} ms to new notes), ${await longestTask()} ms composing`);
    if (!onlySend) console.log(`  board at ${n}: ${await boardBench(n)}`);
    console.log(`  sending at ${n}: ${await sendBench()}`);
  }
  if (onlySend) process.exit(0);
  }
  // Places: the gazetteer's fetch and read (the sample opens with it), then surveys of 10,000
  // answers: the truth table's spellings repeated, and 10,000 distinct answers (each resolved).
  const placesTimes = [];
  for (let run = 0; run < 3; run++) {
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(server.origin + '/#sample');
    await byTest('places-chart').waitFor({ timeout: 60_000 });
    placesTimes.push(Date.now() - started);
  }
  console.log(`\nsample: page opened → places chart shown (gazetteer fetched, read, 86 answers resolved), median of 3: ${median(placesTimes)} ms`);
  const truth = fs.readFileSync(path.join(HERE, '../data/places/truth.csv'), 'utf8').split('\n').slice(1).filter(Boolean)
    .map(line => line.startsWith('"') ? line.slice(0, line.indexOf('"', 1) + 1) : line.split(',')[0]);
  for (const [label, answer] of [['repeated spellings', i => truth[i % truth.length]], ['10,000 distinct answers', i => `${truth[i % truth.length].replace(/^"|"$/g, '')} #${i}`]]) {
    const rows = ['Name,Email,Where are you based?'];
    for (let i = 0; i < 10000; i++) rows.push(`P${i},p${i}@example.com,"${answer(i).replace(/^"|"$/g, '').replace(/"/g, '""')}"`);
    await page.goto('about:blank');
    await page.goto(server.origin + '/#sample');
    await byTest('places-chart').waitFor({ timeout: 60_000 });
    const started = Date.now();
    await chooseInPage('places-10000.csv', rows.join('\n'));
    await page.locator('[data-testid="import-summary"]', { hasText: '10000 records' }).waitFor({ timeout: 120_000 });
    await byTest('places-chart').waitFor({ timeout: 120_000 });
    console.log(`10,000 location answers (${label}): file chosen → places shown: ${Date.now() - started} ms; longest main-thread task ${await longestTask()} ms`);
  }
  console.log(`browser-process requests refused by the proxy: ${proxy.hits.length}`);
} finally {
  await context.close();
  server.close();
  proxy.close();
}
