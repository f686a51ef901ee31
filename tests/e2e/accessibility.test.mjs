// axe-core in headless Chromium on every kind of page, and on the forms in
// their error states: no violation of WCAG 2.0-2.2 A/AA or best practice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { audit } from './support/axe.mjs';
import { newPage, useBlog } from './support/harness.mjs';

describe('accessibility', { timeout: 240_000 }, () => {
  const blog = useBlog();

  const pages = [
    ['home', '/', 'Civic Design Lab'],
    ['post', '/2025/06/12/designing-policy-with-the-people-it-affects/', 'Designing policy'],
    ['category', '/category/user-research/', 'User research'],
    ['author', '/author/priya-raman/', 'Priya Raman'],
    ['tag', '/tag/trials/', 'Trials'],
    ['date archive', '/2025/02/', 'February 2025'],
    ['search results', '/?s=policy', 'Search results for policy'],
    ['no results', '/?s=zzyzx', 'Search results for zzyzx'],
    ['page not found', '/no/such/page/', 'Page not found'],
  ];
  for (const [name, path, heading] of pages) {
    test(`${name} has no violations`, async () => {
      const page = await newPage(blog.browser);
      await page.goto(blog.server.base + path);
      await page.locator('main h1', { hasText: heading }).waitFor();
      await page.waitForFunction(() => document.querySelector('aside'));
      assert.deepEqual(await audit(page), [], `violations on ${path}`);
    });
  }

  test('the comment form in its error state has no violations', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/2025/04/03/counting-what-matters-in-waiting-times/');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('#respond .govuk-error-summary').waitFor();
    assert.deepEqual(await audit(page), []);
  });

  test('the subscription form in its error state has no violations', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.getByLabel('Email address').fill('nope');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    assert.deepEqual(await audit(page), []);
  });

  test('a planted problem is caught, so the audit can fail', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('main h1').waitFor();
    await page.evaluate(() => document.querySelector('main').append(document.createElement('img')));
    const violations = await audit(page);
    assert.ok(violations.some((v) => v.startsWith('image-alt')), violations.join('\n'));
  });
});
