// The foundation in a real browser: home list, post page structure, history
// navigation, deep links and the 404 page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, useBlog } from './support/harness.mjs';

const FIRST_POST = {
  title: 'Designing policy with the people it affects: a field guide',
  path: '/2025/06/12/designing-policy-with-the-people-it-affects/',
};

describe('foundation', { timeout: 120_000 }, () => {
  const blog = useBlog();

  test('home lists the demo posts, newest first', async () => {
    const page = await newPage(blog.browser);
    const response = await page.goto(blog.server.base + '/');
    assert.equal(response.status(), 200);
    const titles = page.locator('main article h2 a');
    await titles.first().waitFor();
    assert.equal(await titles.count(), 10);
    assert.equal(await titles.first().textContent(), FIRST_POST.title);
    assert.equal(await titles.first().getAttribute('href'), FIRST_POST.path);
    // Each entry: byline with a date, a summary and "Read more" naming the post.
    const entry = page.locator('main article').first();
    assert.equal(await entry.locator('time').getAttribute('datetime'), '2025-06-12');
    assert.equal(await entry.locator('time').textContent(), '12 June 2025');
    assert.match(await entry.locator('a:has-text("Read more")').textContent(), /Read more of Designing policy/);
    await page.waitForFunction(() => document.title === 'Civic Design Lab');
    // Blog header and footer.
    assert.equal(await page.locator('.govblog-banner__title').textContent(), 'Blog: Civic Design Lab');
    assert.match(await page.locator('footer').textContent(), /Open Government Licence v3\.0/);
    assert.match(await page.locator('footer').textContent(), /© Crown copyright/);
    // The pagination leads to page 2.
    assert.equal(await page.locator('.govuk-pagination a[rel="next"]').getAttribute('href'), '/page/2/');
    assert.deepEqual(page.errors, []);
  });

  test('a post page has the GOV.UK Blogs structure, and back returns to the list', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('main article h2 a').first().waitFor();
    // Mark the document: a full page load would lose the mark.
    await page.evaluate(() => (window.__spa = true));
    await page.locator('main article h2 a').first().click();
    await page.waitForURL(blog.server.base + FIRST_POST.path);
    const h1 = page.locator('main h1');
    await h1.waitFor();
    assert.equal(await h1.textContent(), FIRST_POST.title);
    assert.equal(await page.evaluate(() => window.__spa), true, 'navigation stayed in the app');
    await page.waitForFunction((t) => document.title === `${t} - Civic Design Lab`, FIRST_POST.title);

    const byline = page.locator('main .govblog-entry-meta');
    const hidden = await byline.locator('.govuk-visually-hidden').allTextContents();
    assert.deepEqual(hidden.map((s) => s.trim()), ['Posted by:', 'Posted on:', 'Categories:']);
    assert.deepEqual(await byline.locator('a[href^="/author/"]').allTextContents(), ['Amara Okafor', 'Priya Raman']);
    assert.equal(await byline.locator('time').getAttribute('datetime'), '2025-06-12');
    assert.equal(await byline.locator('time').textContent(), '12 June 2025');
    const categories = byline.locator('a[href^="/category/"]');
    assert.deepEqual(await categories.allTextContents(), ['Open policy making', 'User research']);
    assert.equal(await categories.first().getAttribute('href'), '/category/open-policy-making/');

    // The body is rendered from Markdown: headings, table, quote, image.
    const body = page.locator('.govblog-post__body');
    assert.equal(await body.locator('h2.govuk-heading-l').first().textContent(), 'Why involve people at all?');
    assert.equal(await body.locator('table.govuk-table tbody tr').count(), 4);
    assert.equal(await body.locator('blockquote').count(), 1);
    const image = body.locator('img');
    // Absolute on the blog's address, so it loads even when embedded elsewhere.
    assert.equal(await image.getAttribute('src'), blog.server.base + '/images/workshop-journey.svg');
    assert.ok((await image.getAttribute('alt')).startsWith('A hand-drawn journey map'));
    // It is lazy-loaded: scroll to it, then it must load.
    await image.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());

    await page.goBack();
    await page.waitForURL(blog.server.base + '/');
    await page.locator('main article h2 a').first().waitFor();
    assert.equal(await page.locator('main article').count(), 10);
    assert.equal(await page.evaluate(() => window.__spa), true, 'back stayed in the app');
    assert.deepEqual(page.errors, []);
  });

  test('a deep link loads, and reloads, straight into the post', async () => {
    const page = await newPage(blog.browser);
    const response = await page.goto(blog.server.base + FIRST_POST.path);
    assert.equal(response.status(), 200);
    await page.locator('main h1', { hasText: FIRST_POST.title }).waitFor();
    // The skip link is first in the tab order, and takes focus to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
    assert.equal(new URL(page.url()).pathname, FIRST_POST.path);
    await page.reload();
    await page.locator('main h1', { hasText: FIRST_POST.title }).waitFor();
    // Without the trailing slash too.
    await page.goto(blog.server.base + FIRST_POST.path.replace(/\/$/, ''));
    await page.locator('main h1', { hasText: FIRST_POST.title }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('author and category links lead to their archives', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + FIRST_POST.path);
    await page.locator('main .govblog-entry-meta a', { hasText: 'Priya Raman' }).click();
    await page.waitForURL(blog.server.base + '/author/priya-raman/');
    await page.locator('main h1', { hasText: 'Priya Raman' }).waitFor();
    const titles = await page.locator('main article h2 a').allTextContents();
    assert.equal(titles.length, 6);
    await page.waitForFunction(() => document.title === 'Priya Raman - Civic Design Lab');
    await page.goto(blog.server.base + '/category/data-and-evidence/');
    await page.locator('main h1', { hasText: 'Data and evidence' }).waitFor();
    assert.equal(await page.locator('main article').count(), 5);
  });

  test('an unknown permalink shows "Page not found" with HTTP 404', async () => {
    const page = await newPage(blog.browser);
    for (const path of ['/2025/06/12/no-such-post/', '/no/such/page/', '/category/no-such-category/']) {
      const response = await page.goto(blog.server.base + path);
      assert.equal(response.status(), 404, path);
      await page.locator('main h1', { hasText: 'Page not found' }).waitFor();
      await page.waitForFunction(() => document.title === 'Page not found - Civic Design Lab');
    }
  });
});
