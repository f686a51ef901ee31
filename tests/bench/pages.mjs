// `make bench`, page part: time until a post's text is visible in headless
// Chromium over a throttled connection (150 ms latency, 1.6 Mbps down,
// cold cache, median of 5), for:
//   - the server-rendered page read without JavaScript (app scripts blocked),
//   - the server-rendered page with JavaScript,
//   - the app alone, without server rendering (GOVBLOG_SSR=false),
// each also as a ratio against the first, measured in the same run.
import { launchBrowser, startServer } from '../e2e/support/harness.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const TITLE = 'Designing policy with the people it affects: a field guide';
const RUNS = 5;

async function timeToText(browser, url, { blockScripts }) {
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
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchBrowser();
const ssr = await startServer();
const bare = await startServer({ GOVBLOG_SSR: 'false' });
const cases = [
  ['server-rendered, JavaScript off', ssr, { blockScripts: true }],
  ['server-rendered, JavaScript on', ssr, { blockScripts: false }],
  ['app alone, no server rendering', bare, { blockScripts: false }],
];
console.log(`Time until the post's text is visible (150 ms latency, 1.6 Mbps, cold cache, median of ${RUNS})`);
let baseline;
for (const [name, server, options] of cases) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeToText(browser, server.base + POST, options));
  const m = median(times);
  baseline ??= m;
  console.log(`  ${name.padEnd(34)} ${m.toFixed(0).padStart(6)} ms  ${(m / baseline).toFixed(2)}x`);
}
await browser.close();
await ssr.stop();
await bare.stop();
