// The page frame readers of GOV.UK blogs know. govblog's post page and the
// GOV.UK Blogs theme's own post page (fixtures/govuk-blogs-theme/, as
// WordPress served it) side by side in the same browser: the same regions
// in the same order, with the same words and the same kinds of component.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serveReference, THEME_POST } from '../bench/reference.mjs';
import { audit } from './support/axe.mjs';
import { newPage, useBlog } from './support/harness.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';

// Each region, found on each page by its own markup, in the theme's order.
const REGIONS = [
  ['GOV.UK header', '.govuk-header', '.govuk-header'],
  ['banner caption', '.blog-title .blog', '.govblog-banner__caption'],
  ['blog name', '.blog-title > a', '.govblog-banner__title a'],
  ['organisations', '.blog-meta dt', '.govblog-banner__meta dt'],
  ['search', '#searchform', 'form[role=search]'],
  ['title', 'main h1', 'main h1'],
  ['byline', 'article header .govuk-body-s', 'main .govblog-entry-meta'],
  ['body', '.entry-content', '.govblog-post__body'],
  ['sharing', '.icons-buttons h3', '.govblog-share h3'],
  ['comments', '#comments', '#comments'],
  ['comment form', '#respond', '#respond'],
  ['about', '.about_widget h3', 'aside section:nth-of-type(1) h3'],
  ['sign-up', '.feed_email_widget h3', 'aside section:nth-of-type(2) h3'],
  ['categories', '.widget_categories select', 'aside #category-select'],
  ['archives', '.widget_archive select', 'aside #archive-select'],
];
// Regions whose words readers look for, the same on both.
const SAME_WORDS = ['banner caption', 'organisations', 'sharing', 'about', 'sign-up'];

/** Where each region is: its place in document order, its words. */
function regions(page, which) {
  const selectors = REGIONS.map((r) => r[which]);
  return page.evaluate((selectors) => {
    const found = selectors.map((s) => document.querySelector(s));
    return found.map((el, i) => ({
      selector: selectors[i],
      found: !!el,
      // How many of the other regions come before this one.
      order: el ? found.filter((o) => o && o !== el && o.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).length : -1,
      text: el ? el.textContent.replace(/\s+/g, ' ').trim() : '',
    }));
  }, selectors);
}

/** What kind of component each control is, on the page's sidebar and banner. */
function components(page, sidebar, search) {
  return page.evaluate(
    ({ sidebar, search }) => {
      const aside = document.querySelector(sidebar);
      const form = document.querySelector(search);
      const input = form.querySelector('input[type=search]');
      const label = input && document.querySelector(`label[for="${input.id}"]`);
      return {
        selects: aside.querySelectorAll('select.govuk-select').length,
        primaryGo: [...aside.querySelectorAll('.govuk-button')].filter(
          (b) => /^Go\b/.test(b.textContent.trim()) && !b.classList.contains('govuk-button--secondary'),
        ).length,
        searchLabel: label ? label.textContent.trim() : null,
      };
    },
    { sidebar, search },
  );
}

describe('the page frame, beside the GOV.UK Blogs theme', { timeout: 180_000 }, () => {
  const blog = useBlog();
  let theme;
  before(async () => {
    theme = await serveReference(resolve(import.meta.dirname, 'fixtures/govuk-blogs-theme'));
  });
  after(() => theme?.stop());

  test('a post page has the theme’s regions, in the theme’s order, with its words', async () => {
    const themePage = await newPage(blog.browser, { javaScriptEnabled: false });
    await themePage.goto(theme.base + THEME_POST);
    const ours = await newPage(blog.browser);
    await ours.goto(blog.server.base + POST);
    const [a, b] = [await regions(themePage, 1), await regions(ours, 2)];
    for (const [i, [name]] of REGIONS.entries()) {
      assert.ok(a[i].found, `the theme's page has no ${name} (${a[i].selector}): the test is out of date`);
      assert.ok(b[i].found, `govblog's post page has no ${name} (${b[i].selector})`);
    }
    const order = (list) => REGIONS.map(([name], i) => [list[i].order, name]).sort((x, y) => x[0] - y[0]).map((x) => x[1]);
    assert.deepEqual(order(b), order(a), 'the regions come in another order');
    for (const name of SAME_WORDS) {
      const i = REGIONS.findIndex((r) => r[0] === name);
      assert.equal(b[i].text, a[i].text, `${name} says something else`);
    }
    // The GOV.UK header is the crown and "GOV.UK" only.
    assert.equal(b[0].text, a[0].text.replace(/\s+/g, ' ').trim());
    assert.deepEqual(ours.errors, []);
  });

  test('the banner and sidebar use the same kinds of component', async () => {
    const themePage = await newPage(blog.browser, { javaScriptEnabled: false });
    await themePage.goto(theme.base + THEME_POST);
    const ours = await newPage(blog.browser);
    await ours.goto(blog.server.base + POST);
    const theirs = await components(themePage, '.sidebar', '#searchform');
    const mine = await components(ours, 'aside', 'form[role=search]');
    assert.deepEqual(mine, theirs);
    assert.deepEqual(theirs, { selects: 2, primaryGo: 2, searchLabel: 'Search blog' });
    // Share and sign-up links carry icons, hidden from screen readers; the words stay.
    const themeShare = await themePage.locator('.icons-buttons:not(.subscribe) li a').allTextContents();
    const share = ours.locator('.govblog-share .govblog-icon-list a');
    const names = (await share.allTextContents()).map((t) => t.replace('(opens in new tab)', '').trim());
    for (const name of themeShare.map((t) => t.trim())) {
      assert.ok(names.includes(name), `no ${name} share link`);
    }
    for (const link of [...(await share.all()), ...(await ours.locator('aside .govblog-icon-list a').all())]) {
      assert.equal(await link.locator('svg[aria-hidden=true]').count(), 1);
    }
    assert.deepEqual(ours.errors, []);
  });

  test('the Archives select goes to the month, with the app and without JavaScript', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + POST);
    await page.evaluate(() => (window.__spa = true));
    await page.locator('#archive-select').selectOption({ label: 'June 2025 (1)' });
    await page.getByRole('button', { name: 'Go to month' }).click();
    await page.waitForURL(blog.server.base + '/2025/06/');
    await page.locator('main h1', { hasText: 'June 2025' }).waitFor();
    assert.equal(await page.evaluate(() => window.__spa), true, 'no full page load');

    const plain = await newPage(blog.browser, { javaScriptEnabled: false });
    await plain.goto(blog.server.base + POST);
    await plain.locator('#archive-select').selectOption({ label: 'June 2025 (1)' });
    await plain.getByRole('button', { name: 'Go to month' }).click();
    await plain.locator('main h1', { hasText: 'June 2025' }).waitFor();
    assert.equal(new URL(plain.url()).search, '?archive=2025-06');
    assert.equal(await plain.locator('link[rel=canonical]').getAttribute('href'), blog.server.base + '/2025/06/');
    assert.deepEqual([...page.errors, ...plain.errors], []);
  });

  test('the new frame stays accessible', async () => {
    const page = await newPage(blog.browser);
    for (const path of [POST, '/', '/2025/06/']) {
      await page.goto(blog.server.base + path);
      assert.deepEqual(await audit(page), [], `violations on ${path}`);
    }
  });
});
