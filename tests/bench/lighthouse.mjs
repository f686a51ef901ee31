// `make bench`, Lighthouse part: scores for the home page and a post, with
// Lighthouse's default mobile settings (simulated slow 4G, 4x slower CPU) in
// Debian's Chromium. Budget: performance >= 95; accessibility, best
// practices and SEO 100. The GOV.UK Blogs WordPress theme scores 97-98 for
// performance (reference).
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from '../e2e/support/harness.mjs';

const PAGES = [
  ['home', '/'],
  ['post', '/2025/06/12/designing-policy-with-the-people-it-affects/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const BUDGET = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic'],
});
console.log('Lighthouse scores (mobile defaults; budget: performance >= 95, the rest 100)');
console.log(`  ${'page'.padEnd(6)} ${CATEGORIES.map((c) => c.padStart(15)).join('')}  metrics`);
const failures = [];
try {
  for (const [name, path] of PAGES) {
    const { lhr } = await lighthouse(server.base + path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    const scores = CATEGORIES.map((c) => Math.round(lhr.categories[c].score * 100));
    const metric = (id) => lhr.audits[id]?.displayValue ?? '-';
    console.log(
      `  ${name.padEnd(6)} ${scores.map((s) => String(s).padStart(15)).join('')}  ` +
        `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, ` +
        `TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}`,
    );
    CATEGORIES.forEach((c, i) => {
      if (scores[i] < BUDGET[c]) {
        const lost = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
        failures.push(`${name} ${c} ${scores[i]} < ${BUDGET[c]}: ${lost.join(', ')}`);
      }
    });
  }
} finally {
  await chrome.kill();
  await server.stop();
}
console.log(failures.length ? `  below budget:\n    ${failures.join('\n    ')}` : '  all within budget');
console.log('  WordPress theme (reference): performance 97-98');
