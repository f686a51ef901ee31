// `make bench`, Lighthouse part: govblog's home page and a post, and the
// GOV.UK Blogs WordPress theme's own home page and post
// (`../shared/reference/govuk-blogs-theme/`, served with gzip as its host
// serves them), in the same run, with Lighthouse's default mobile settings
// (simulated slow 4G, 4x slower CPU) in Debian's Chromium. Each page is
// audited 3 times and the median performance run is printed.
// Budgets (issue 14): performance >= 98, total blocking time <= 50 ms,
// CLS 0; accessibility, best practices and SEO 100.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from '../e2e/support/harness.mjs';
import { serveReference, THEME_POST } from './reference.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const RUNS = 3;
const BUDGET = { performance: 98, accessibility: 100, 'best-practices': 100, seo: 100, tbt: 50, cls: 0 };

const server = await startServer();
const theme = await serveReference();
const pages = [
  ['govblog home', server.base + '/'],
  ['govblog post', server.base + POST],
  ...(theme ? [['theme home', theme.base + '/'], ['theme post', theme.base + THEME_POST]] : []),
];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic'],
});

async function audit(url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    runs.push(lhr);
  }
  runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  return runs[Math.floor(RUNS / 2)];
}

console.log(`Lighthouse (mobile defaults, median of ${RUNS} by performance)`);
console.log(
  `  ${'page'.padEnd(14)} ${['perf', 'a11y', 'b.p.', 'seo'].map((c) => c.padStart(5)).join('')}` +
    `${'TBT'.padStart(9)}${'LCP'.padStart(9)}${'FCP'.padStart(9)}${'CLS'.padStart(7)}`,
);
const failures = [];
try {
  for (const [name, url] of pages) {
    const lhr = await audit(url);
    const scores = CATEGORIES.map((c) => Math.round(lhr.categories[c].score * 100));
    const value = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const tbt = value('total-blocking-time');
    const cls = value('cumulative-layout-shift');
    console.log(
      `  ${name.padEnd(14)} ${scores.map((s) => String(s).padStart(5)).join('')}` +
        `${`${tbt.toFixed(0)} ms`.padStart(9)}${`${(value('largest-contentful-paint') / 1000).toFixed(2)} s`.padStart(9)}` +
        `${`${(value('first-contentful-paint') / 1000).toFixed(2)} s`.padStart(9)}${cls.toFixed(3).padStart(7)}`,
    );
    if (!name.startsWith('govblog')) continue;
    CATEGORIES.forEach((c, i) => {
      if (scores[i] < BUDGET[c]) {
        const lost = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
        failures.push(`${name} ${c} ${scores[i]} < ${BUDGET[c]}: ${lost.join(', ')}`);
      }
    });
    if (tbt > BUDGET.tbt) failures.push(`${name} total blocking time ${tbt.toFixed(0)} ms > ${BUDGET.tbt} ms`);
    if (cls > BUDGET.cls) failures.push(`${name} CLS ${cls.toFixed(3)} > 0`);
  }
} finally {
  await chrome.kill();
  await server.stop();
  await theme?.stop();
}
console.log(
  `  budget: performance >= ${BUDGET.performance}, TBT <= ${BUDGET.tbt} ms, CLS 0, the rest 100: ` +
    (failures.length ? `OVER:\n    ${failures.join('\n    ')}` : 'all hold'),
);
