// axe-core, injected into the page under test, with the rule sets govblog
// holds itself to: WCAG 2.0-2.2 A and AA, and best practice.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Every violation on the page, one line each: rule, impact, help and where. */
export async function audit(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: tags }), TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target).join(', ')}`);
}
