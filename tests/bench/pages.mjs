// `make bench`, page part: time until a post's text is visible in headless
// Chromium over a throttled connection (150 ms latency, 1.6 Mbps down,
// cold cache, median of 5), and the bytes transferred, for:
//   - the same post as a static HTML page with the same CSS, served by the
//     same server: the baseline every other figure is a ratio of,
//   - the server-rendered page read without JavaScript (app scripts blocked),
//   - the server-rendered page with JavaScript,
//   - the app alone, without server rendering (GOVBLOG_SSR=false),
// and the GOV.UK Blogs WordPress theme measured the same way, as a fixed
// reference line. Budget: govblog with JavaScript within 1.2x the static page.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, startServer } from '../e2e/support/harness.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const TITLE = 'Designing policy with the people it affects: a field guide';
const RUNS = 5;
const BUDGET_RATIO = 1.2;
const WORDPRESS = { ms: 910, bytes: 192 * 1024 };

async function load(browser, url, { blockScripts }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  if (blockScripts) await page.route(/\.(js|wasm)$/, (r) => r.abort());
  await page.goto(url, { waitUntil: 'commit' });
  // Visible: in the document, and its styles applied (they block painting).
  await page.waitForFunction(
    (t) =>
      document.querySelector('main h1')?.textContent === t &&
      [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet),
    TITLE,
    { polling: 'raf' },
  );
  const ms = await page.evaluate(() => performance.now());
  // Everything the page asks for, including what arrives after the text.
  await page.waitForLoadState('networkidle');
  await context.close();
  return { ms, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The static page is the server's own page for the post with every script
// taken out, saved as a file in a copy of dist/ that the server serves.
const dist = mkdtempSync(join(tmpdir(), 'govblog-bench-dist-'));
cpSync(resolve(import.meta.dirname, '../../dist'), dist, { recursive: true });
const browser = await launchBrowser();
const ssr = await startServer({ GOVBLOG_DIST: dist });
const bare = await startServer({ GOVBLOG_SSR: 'false' });
const rendered = await (await fetch(ssr.base + POST)).text();
const staticPage = rendered
  .replace(/<script\b[\s\S]*?<\/script>/g, '')
  .replace(/<link[^>]*rel="(modulepreload|preload)"[^>]*>/g, '');
writeFileSync(join(dist, 'static-post.html'), staticPage);

const cases = [
  ['static HTML page, same CSS (baseline)', ssr.base + '/static-post.html', { blockScripts: false }],
  ['server-rendered, JavaScript off', ssr.base + POST, { blockScripts: true }],
  ['server-rendered, JavaScript on', ssr.base + POST, { blockScripts: false }],
  ['app alone, no server rendering', bare.base + POST, { blockScripts: false }],
];
console.log(`Time until the post's text is visible (150 ms latency, 1.6 Mbps, cold cache, median of ${RUNS})`);
console.log(`  ${''.padEnd(40)} ${'time'.padStart(8)} ${'ratio'.padStart(7)} ${'bytes'.padStart(10)} ${'ratio'.padStart(7)}`);
let baseline;
const results = {};
for (const [name, url, options] of cases) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url, options));
  const m = { ms: median(runs.map((r) => r.ms)), bytes: median(runs.map((r) => r.bytes)) };
  baseline ??= m;
  results[name] = m;
  console.log(
    `  ${name.padEnd(40)} ${m.ms.toFixed(0).padStart(5)} ms ${(m.ms / baseline.ms).toFixed(2).padStart(6)}x ` +
      `${(m.bytes / 1024).toFixed(1).padStart(7)} KB ${(m.bytes / baseline.bytes).toFixed(2).padStart(6)}x`,
  );
}
console.log(
  `  ${'WordPress theme (reference, fixed)'.padEnd(40)} ${String(WORDPRESS.ms).padStart(5)} ms ${'-'.padStart(7)} ` +
    `${(WORDPRESS.bytes / 1024).toFixed(1).padStart(7)} KB ${'-'.padStart(7)}`,
);
const govblog = results['server-rendered, JavaScript on'];
const ratio = govblog.ms / baseline.ms;
console.log(
  `  budget: with JavaScript <= ${BUDGET_RATIO}x the static page: ${ratio.toFixed(2)}x, ${ratio <= BUDGET_RATIO ? 'holds' : 'OVER'}; ` +
    `against WordPress: ${(govblog.ms / WORDPRESS.ms).toFixed(2)}x the time, ${(govblog.bytes / WORDPRESS.bytes).toFixed(2)}x the bytes`,
);
await browser.close();
await ssr.stop();
await bare.stop();
rmSync(dist, { recursive: true, force: true });
