// Finding posts in a real browser: the category filter, pagination,
// search, archives and feeds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, useBlog } from './support/harness.mjs';

describe('finding posts', { timeout: 120_000 }, () => {
  const blog = useBlog();

  const entries = (page) => page.locator('main article h2 a');

  test('the category filter moves to the category without a page load, and back returns', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await entries(page).first().waitFor();
    await page.evaluate(() => (window.__spa = true));
    await page.getByLabel('Categories').selectOption({ label: 'Data and evidence' });
    await page.getByRole('button', { name: 'Go to category' }).click();
    await page.waitForURL(blog.server.base + '/category/data-and-evidence/');
    await page.locator('main h1', { hasText: 'Data and evidence' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 5);
    // Every listed post is in the category.
    const metas = await page.locator('main article .govblog-entry-meta').allTextContents();
    assert.equal(metas.length, 5);
    for (const m of metas) assert.match(m, /Data and evidence/);
    assert.equal(await page.evaluate(() => window.__spa), true, 'no full page load');
    await page.waitForFunction(() => document.title === 'Data and evidence - Civic Design Lab');
    // The category's feed is advertised.
    const feeds = page.locator(`head link[rel="alternate"][href="${blog.server.base}/category/data-and-evidence/feed/"]`);
    assert.equal(await feeds.count(), 1);

    await page.goBack();
    await page.waitForURL(blog.server.base + '/');
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 10);
    await page.goForward();
    await page.waitForURL(blog.server.base + '/category/data-and-evidence/');
    await page.locator('main h1', { hasText: 'Data and evidence' }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('landing on a category page selects it in the filter', async () => {
    const page = await newPage(blog.browser);
    const response = await page.goto(blog.server.base + '/category/user-research/');
    assert.equal(response.status(), 200);
    await page.locator('main h1', { hasText: 'User research' }).waitFor();
    await page.waitForFunction(() => document.querySelector('#category-select')?.value === 'user-research');
    assert.equal(await page.locator('#category-select option:checked').textContent(), 'User research');
  });

  test('pagination goes to page 2 and back', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await entries(page).first().waitFor();
    await page.locator('.govuk-pagination__next a').click();
    await page.waitForURL(blog.server.base + '/page/2/');
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 3);
    assert.equal(await page.locator('.govuk-pagination__item--current a').getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('.govuk-pagination__item--current a').textContent(), '2');
    await page.waitForFunction(() => document.title === 'Page 2 - Civic Design Lab');
    await page.locator('.govuk-pagination__prev a').click();
    await page.waitForURL(blog.server.base + '/');
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 10);
    // A page past the end is a 404.
    const response = await page.goto(blog.server.base + '/page/9/');
    assert.equal(response.status(), 404);
    await page.locator('main h1', { hasText: 'Page not found' }).waitFor();
  });

  test('search finds a known post, highlights it, and says when nothing matches', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await entries(page).first().waitFor();
    await page.getByLabel('Search blog').fill('reminder');
    await page.getByLabel('Search blog').press('Enter');
    await page.waitForURL(blog.server.base + '/?s=reminder');
    await page.locator('main h1', { hasText: 'Search results for reminder' }).waitFor();
    await entries(page).first().waitFor();
    assert.equal(await entries(page).first().textContent(), 'Running a randomised trial in a live service');
    assert.equal(await page.locator('main article mark').first().textContent(), 'reminder');
    await page.waitForFunction(() => document.title === 'Search results for reminder - Civic Design Lab');

    await page.getByLabel('Search blog').fill('zzyzx qqq');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('main p', { hasText: 'No results found on Civic Design Lab.' }).waitFor();
    assert.equal(await page.locator('main article').count(), 0);

    // Markup typed into search is shown as text.
    await page.goto(blog.server.base + '/?s=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    await page.locator('main h1', { hasText: 'Search results for <img src=x onerror=alert(1)>' }).waitFor();
    assert.equal(await page.locator('main img').count(), 0);
    assert.deepEqual(page.errors, []);
  });

  test('month archives and tags list their posts', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('#archive-select').selectOption({ label: 'February 2025 (1)' });
    await page.getByRole('button', { name: 'Go to month' }).click();
    await page.waitForURL(blog.server.base + '/2025/02/');
    await page.locator('main h1', { hasText: 'February 2025' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 1);
    await entries(page).first().click();
    await page.locator('main h1', { hasText: 'Running a randomised trial' }).waitFor();
    // Tags, previous/next and related posts under the post.
    await page.locator('.govblog-post__tags a', { hasText: 'Trials' }).click();
    await page.waitForURL(blog.server.base + '/tag/trials/');
    await page.waitForFunction(() => document.querySelectorAll('main article').length === 2);
  });

  test('a post links to the previous and next posts and related posts', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/2025/04/03/counting-what-matters-in-waiting-times/');
    const nav = page.locator('nav[aria-label="Previous and next posts"]');
    await nav.waitFor();
    assert.match(await nav.textContent(), /Previous post: Running a randomised trial in a live service/);
    assert.match(await nav.textContent(), /Next post: What we learned from a year of policy sprints/);
    assert.equal(await page.locator('#related-heading').textContent(), 'You may also be interested in');
    await nav.locator('a[rel="next"]').click();
    await page.locator('main h1', { hasText: 'What we learned from a year of policy sprints' }).waitFor();
  });

  test('the feed link serves Atom', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    const link = page.locator('aside a', { hasText: 'Atom' }).first();
    const href = await link.getAttribute('href');
    // Absolute: feeds are served by the blog, even when it is embedded elsewhere.
    assert.equal(href, blog.server.base + '/feed/');
    assert.equal(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'), '/feed/');
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/atom+xml; charset=utf-8');
    assert.match(await response.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    // Following the link leaves the app for the feed itself.
    const [feed] = await Promise.all([page.waitForResponse(blog.server.base + '/feed/'), link.click()]);
    assert.equal(feed.headers()['content-type'], 'application/atom+xml; charset=utf-8');
  });
});
