// `make bench`, page part: a cold load in headless Chromium over a
// throttled connection (150 ms latency, 1.6 Mbps down, cold cache, median
// of 5), measuring the time until the page's heading is visible (in the
// document, its styles applied: a post's title, or the first post's title
// on a home page) and the bytes transferred until the
// network is idle, for govblog and, in the same run, the GOV.UK Blogs
// WordPress theme's own pages (`../shared/reference/govuk-blogs-theme/`,
// served with gzip as its host serves them).
//
// Rows: a static HTML copy of govblog's post (same CSS, no scripts), the
// server's page without JavaScript, the first view as a reader gets it, the
// same page once the reader first uses it (the app loaded and running), the
// app alone without server rendering, and the home page. Budgets (issue
// 14): bytes of a first view <= 1.0x the theme's; time to a post's text
// <= 0.7x the theme's.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, startServer } from '../e2e/support/harness.mjs';
import { headingShown, median, readerPage } from './reader.mjs';
import { serveReference, THEME_HOME_FIRST, THEME_POST, THEME_TITLE } from './reference.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const TITLE = 'Designing policy with the people it affects: a field guide';
const RUNS = 5;
const BUDGET = { bytes: 1.0, time: 0.7 };

/**
 * One cold load; `use` also moves the mouse once the text shows (what
 * starts govblog's app) and waits until the app runs.
 */
async function load(browser, url, [selector, title], { blockScripts = false, use = false } = {}) {
  const { context, page, bytes } = await readerPage(browser);
  if (blockScripts) await page.route(/\.(js|wasm)$/, (r) => r.abort());
  await page.goto(url, { waitUntil: 'commit' });
  await headingShown(page, selector, title);
  const ms = await page.evaluate(() => performance.now());
  if (use) {
    await page.mouse.move(200, 200);
    await page.mouse.move(220, 240);
    await page.locator('#govblog[data-app=running]').waitFor({ timeout: 60_000 });
  }
  await page.waitForLoadState('networkidle');
  // Whatever a page starts once loaded (the theme's scripts, late images).
  await page.waitForTimeout(500);
  await context.close();
  return { ms, bytes: bytes() };
}

// The static page is the server's own page for the post with every script
// taken out, saved as a file in a copy of dist/ that the server serves.
const dist = mkdtempSync(join(tmpdir(), 'govblog-bench-dist-'));
cpSync(resolve(import.meta.dirname, '../../dist'), dist, { recursive: true });
const browser = await launchBrowser();
const ssr = await startServer({ GOVBLOG_DIST: dist });
const bare = await startServer({ GOVBLOG_SSR: 'false' });
const theme = await serveReference();
const rendered = await (await fetch(ssr.base + POST)).text();
writeFileSync(join(dist, 'static-post.html'), rendered.replace(/<script\b[\s\S]*?<\/script>/g, ''));

const post = ['main h1', TITLE];
const home = (first) => ['main h2', first];
const cases = [
  ['theme post (reference)', theme && theme.base + THEME_POST, ['main h1', THEME_TITLE], {}],
  ['theme home', theme && theme.base + '/', home(THEME_HOME_FIRST), {}],
  ['govblog post, first view', ssr.base + POST, post, {}],
  ['govblog home, first view', ssr.base + '/', home(TITLE), {}],
  ['govblog post, static copy', ssr.base + '/static-post.html', post, {}],
  ['govblog post, JavaScript off', ssr.base + POST, post, { blockScripts: true }],
  ['govblog post, once used (app running)', ssr.base + POST, post, { use: true }],
  ['govblog post, app alone (no SSR)', bare.base + POST, post, {}],
];
if (!theme) console.log('  (the theme reference folder is missing: ratios are against nothing)');
console.log(`Cold load: time until the heading shows, bytes until the network is idle (150 ms, 1.6 Mbps, median of ${RUNS})`);
console.log(`  ${''.padEnd(40)} ${'time'.padStart(8)} ${'/theme'.padStart(7)} ${'bytes'.padStart(10)} ${'/theme'.padStart(7)}`);
const results = {};
for (const [name, url, heading, options] of cases) {
  if (!url) continue;
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url, heading, options));
  const m = { ms: median(runs.map((r) => r.ms)), bytes: median(runs.map((r) => r.bytes)) };
  results[name] = m;
  // Home rows against the theme's home, the rest against its post.
  const ref = results[/home/.test(name) ? 'theme home' : 'theme post (reference)'];
  const ratio = (key) => (ref ? `${(m[key] / ref[key]).toFixed(2)}x` : '-').padStart(7);
  console.log(
    `  ${name.padEnd(40)} ${m.ms.toFixed(0).padStart(5)} ms ${ratio('ms')} ${(m.bytes / 1024).toFixed(1).padStart(7)} KB ${ratio('bytes')}`,
  );
}
const verdict = (figure, budget) => `${figure.toFixed(2)}x (budget <= ${budget}x, ${figure <= budget ? 'holds' : 'OVER'})`;
if (theme) {
  const post = results['govblog post, first view'];
  const home = results['govblog home, first view'];
  const themePost = results['theme post (reference)'];
  const themeHome = results['theme home'];
  console.log(`  budget, bytes of a first view against the theme: post ${verdict(post.bytes / themePost.bytes, BUDGET.bytes)}, home ${verdict(home.bytes / themeHome.bytes, BUDGET.bytes)}`);
  console.log(`  budget, time to a post's text against the theme: ${verdict(post.ms / themePost.ms, BUDGET.time)}`);
}
await browser.close();
await ssr.stop();
await bare.stop();
await theme?.stop();
rmSync(dist, { recursive: true, force: true });
