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

  // As the Design System asks: a page answering a form with errors puts
  // focus on its error summary as it loads, so a screen reader announces
  // it, whether or not the app has started (or JavaScript runs at all).
  const forms = [
    ['comment', '/2025/04/03/counting-what-matters-in-waiting-times/', 'Submit comment'],
    ['subscription', '/', 'Subscribe'],
    ['moderation sign-in', '/moderate/sign-in/', 'Sign in'],
  ];
  for (const [name, path, button] of forms) {
    for (const javaScriptEnabled of [false, true]) {
      test(`the ${name} form's errors take focus as the page loads (JavaScript ${javaScriptEnabled ? 'on, app not started' : 'off'})`, async () => {
        const page = await newPage(blog.browser, { javaScriptEnabled });
        // The reader's tab is the one in front (earlier tests' pages stay open).
        await page.bringToFront();
        await page.goto(blog.server.base + path, { startApp: false });
        await page.getByRole('button', { name: button }).click();
        await page.locator('.govuk-error-summary').waitFor();
        await page.waitForLoadState('load');
        assert.match(await page.title(), /^Error: /);
        const focused = await page.evaluate(() => document.activeElement?.className ?? '');
        assert.equal(focused, 'govuk-error-summary', `focus is on ${focused}`);
        // The form's own answer is a 400 (what was sent cannot be stored).
        assert.deepEqual(page.errors.filter((e) => !/^HTTP 400 POST /.test(e.message)), []);
      });
    }
  }

  test('a planted problem is caught, so the audit can fail', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('main h1').waitFor();
    await page.evaluate(() => document.querySelector('main').append(document.createElement('img')));
    const violations = await audit(page);
    assert.ok(violations.some((v) => v.startsWith('image-alt')), violations.join('\n'));
  });
});
