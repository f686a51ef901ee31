// `make bench`, size part: every wasm, JS and CSS file of the release SPA in
// dist/ (raw, gzip, brotli: what the server sends), each with the moment a
// reader's browser loads it, as seen in headless Chromium on a post page:
// in the first view (until the network is idle), on first use (a key, a
// tap, the mouse moving: what starts the app), or on idle afterwards.
// Budget (issue 14): wasm + JS of a first view <= 100 KB brotli.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { launchBrowser, startServer } from '../e2e/support/harness.mjs';

const dist = resolve(import.meta.dirname, '../../dist');
const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const BUDGET = 100 * 1024;

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** When each file of dist/ is requested: file name -> moment. */
async function moments() {
  const server = await startServer();
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  const seen = new Map();
  let moment = 'first view';
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.slice(1);
    if (!seen.has(name)) seen.set(name, moment);
  });
  await page.goto(server.base + POST, { waitUntil: 'networkidle' });
  await page.waitForTimeout(2000);
  moment = 'on first use';
  await page.mouse.move(100, 100);
  await page.mouse.move(120, 140);
  await page.locator('#govblog[data-app=running]').waitFor({ timeout: 60_000 });
  moment = 'on idle';
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2000);
  await browser.close();
  await server.stop();
  return seen;
}

const when = await moments();
const files = readdirSync(dist)
  .filter((f) => /\.(wasm|js|css)$/.test(f))
  .map((name) => ({ name, moment: when.get(name) ?? 'not on a post page', ...sizes(readFileSync(join(dist, name))) }));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);

console.log('Release SPA files in dist/, and when a reader of a post page loads each (brotli is what browsers get)');
console.log(`  ${'file'.padEnd(40)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}  loaded`);
for (const f of files) console.log(`  ${f.name.padEnd(40)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}  ${f.moment}`);

const code = files.filter((f) => /\.(wasm|js)$/.test(f.name));
const total = (list) => list.reduce((n, f) => n + f.brotli, 0);
const firstView = total(code.filter((f) => f.moment === 'first view'));
console.log(`  wasm + JS in a first view: ${kb(firstView).trim()} brotli; on first use: ${kb(total(code.filter((f) => f.moment === 'on first use'))).trim()}`);
console.log(
  `  budget: first-view wasm + JS <= ${kb(BUDGET).trim()} brotli: ${(firstView / BUDGET).toFixed(2)}x, ` +
    (firstView <= BUDGET ? 'holds' : `OVER by ${kb(firstView - BUDGET).trim()}`),
);
