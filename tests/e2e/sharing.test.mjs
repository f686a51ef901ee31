// Sharing, link previews, reading without JavaScript, and embedding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:net';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';
import { audit } from './support/axe.mjs';
import { startHost } from './support/host.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const TITLE = 'Designing policy with the people it affects: a field guide';

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

describe('sharing and embedding', { timeout: 180_000 }, () => {
  let server, browser, host, hostPort;
  before(async () => {
    hostPort = await freePort();
    server = await startServer({
      GOVBLOG_CORS_ORIGINS: `http://127.0.0.1:${hostPort}`,
      GOVBLOG_COMMENT_INTERVAL: '0',
    });
    host = await startHost(hostPort, server.base);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    host?.close();
    await server?.stop();
  });

  test('share links carry the canonical URL and title, encoded', async () => {
    const page = await newPage(browser);
    await page.goto(server.base + POST);
    const share = page.locator('.govblog-share');
    await share.waitFor();
    const url = server.base + POST;
    const href = async (name) => new URL(await share.getByRole('link', { name }).getAttribute('href'));
    const x = await href('X (formerly Twitter)');
    assert.equal(x.origin + x.pathname, 'https://x.com/intent/tweet');
    assert.equal(x.searchParams.get('text'), TITLE);
    assert.equal(x.searchParams.get('url'), url);
    assert.equal((await href('Facebook')).searchParams.get('u'), url);
    assert.equal((await href('LinkedIn')).searchParams.get('title'), TITLE);
    assert.equal((await href('Bluesky')).searchParams.get('text'), `${TITLE} ${url}`);
    const mail = await share.getByRole('link', { name: 'Email' }).getAttribute('href');
    const params = new URLSearchParams(mail.replace(/^mailto:\?/, ''));
    assert.equal(params.get('subject'), 'I wanted to share this post with you from Civic Design Lab');
    assert.equal(params.get('body'), `${TITLE} ${url}`);
    // New tabs say so and give away nothing.
    for (const name of ['X (formerly Twitter)', 'Facebook', 'LinkedIn', 'Bluesky']) {
      const link = share.locator('a', { hasText: name });
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.match(await link.textContent(), /\(opens in new tab\)$/);
    }
  });

  test('Copy link copies the URL and says so', async () => {
    const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(server.base + POST);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.govblog-share [aria-live="polite"]', { hasText: 'Link copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), server.base + POST);
  });

  test('without JavaScript a post can be read and its links followed', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    const response = await page.goto(server.base + POST);
    assert.equal(response.status(), 200);
    // Buttons that need script are not offered without it.
    assert.equal(await page.getByRole('button', { name: 'Copy link' }).count(), 0);
    assert.equal(await page.title(), `${TITLE} - Civic Design Lab`);
    assert.equal(await page.locator('main h1').textContent(), TITLE);
    const byline = page.locator('main .govblog-entry-meta');
    assert.match(await byline.textContent(), /Amara Okafor.*12 June 2025/);
    assert.equal(await page.locator('.govblog-post__body h2').first().textContent(), 'Why involve people at all?');
    await byline.getByRole('link', { name: 'User research' }).click();
    await page.waitForURL(server.base + '/category/user-research/');
    assert.match(await page.locator('main h1').textContent(), /User research/);
    assert.equal(await page.locator('main article').count(), 6);
    // Search works as a plain form.
    await page.getByLabel('Search blog').fill('reminder');
    await page.getByLabel('Search blog').press('Enter');
    await page.waitForURL(server.base + '/?s=reminder');
    assert.equal(await page.locator('main article h2 a').first().textContent(), 'Running a randomised trial in a live service');
    // So does the sidebar's category filter.
    await page.getByLabel('Categories').selectOption('data-and-evidence');
    await page.getByRole('button', { name: 'Go to category' }).click();
    await page.waitForURL(server.base + '/?category=data-and-evidence');
    assert.match(await page.locator('main h1').textContent(), /Data and evidence/);
    // The forms that need script send nothing in the address if submitted.
    await page.goto(server.base + POST);
    assert.equal(await page.locator('#respond form').getAttribute('method'), 'post');
  });

  test('without JavaScript a comment can be left (errors keep what was typed, then thanks) and a subscription asked for', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(server.base + POST);
    await page.locator('#comment').fill('Sent <b>without</b> JavaScript.');
    await page.locator('#email').fill('not an address');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await page.title(), /^Error: /);
    assert.deepEqual(await summary.locator('a').allTextContents(), [
      'Enter your name',
      'Enter an email address in the correct format, like name@example.com',
    ]);
    assert.equal(await summary.locator('a').first().getAttribute('href'), '#author');
    assert.equal(await page.locator('#comment').inputValue(), 'Sent <b>without</b> JavaScript.', 'nothing typed is lost');
    assert.equal(await page.locator('#email').inputValue(), 'not an address');
    assert.equal(await page.locator('#author').getAttribute('aria-invalid'), 'true');
    // The page itself answered 400 Bad Request, as it should.
    page.errors = page.errors.filter((e) => !/^HTTP 400 POST /.test(e.message));

    await page.locator('#author').fill('Noah Script');
    await page.locator('#email').fill('noah@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Thank you for your comment' }).waitFor();
    assert.ok(!(await page.title()).startsWith('Error'));
    assert.equal(await page.locator('#comment').inputValue(), '');
    const queued = (await server.admin('GET', '/api/v1/admin/comments')).filter((c) => c.comment.author_name === 'Noah Script');
    assert.equal(queued.length, 1);
    assert.equal(queued[0].comment.text, 'Sent <b>without</b> JavaScript.');

    // Subscribing too.
    await page.locator('#subscribe-email').fill('noah@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Check your email' }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('with JavaScript the app starts from the page it was sent, fetching nothing again', async () => {
    const page = await newPage(browser);
    const apiCalls = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) apiCalls.push(r.url());
    });
    await page.goto(server.base + POST);
    await page.locator('#govblog[data-app=running]').waitFor();
    await page.locator('main h1', { hasText: TITLE }).waitFor();
    // The app is running: client-side navigation works.
    await page.evaluate(() => (window.__spa = true));
    await page.locator('main .govblog-entry-meta a', { hasText: 'Priya Raman' }).click();
    await page.locator('main h1', { hasText: 'Priya Raman' }).waitFor();
    assert.equal(await page.evaluate(() => window.__spa), true);
    const before = apiCalls.filter((u) => !u.includes('author'));
    assert.deepEqual(before, [], 'the first page needed no API call');
  });

  test('a site on another origin embeds the blog under /blog/ and posts a comment through CORS', async () => {
    const page = await newPage(browser);
    const hostBase = `http://127.0.0.1:${hostPort}`;
    await page.goto(hostBase + '/blog/');
    await page.locator('main article h2 a').first().waitFor();
    assert.equal(await page.locator('#host-banner').count(), 1);
    const first = page.locator('main article h2 a').first();
    assert.equal(await first.getAttribute('href'), '/blog' + POST);
    await first.click();
    await page.waitForURL(hostBase + '/blog' + POST);
    await page.locator('main h1', { hasText: TITLE }).waitFor();
    // Its pictures come from the blog, not from the site embedding it.
    const picture = page.locator('.govblog-post__body img').first();
    await picture.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete, await picture.elementHandle());
    assert.ok((await picture.evaluate((img) => img.naturalWidth)) > 0, await picture.getAttribute('src'));
    // Links inside the post's own text stay under the base path too.
    const bodyLink = page.locator('.govblog-post__body a', { hasText: 'open policy making' });
    assert.equal(await bodyLink.getAttribute('href'), '/blog/category/open-policy-making/');
    // Between posts, under the base path.
    await page.locator('nav[aria-label="Previous and next posts"] a[rel="prev"]').click();
    await page.waitForURL(/\/blog\/2025\/05\/20\/what-we-learned-from-a-year-of-policy-sprints\/$/);
    await page.locator('main h1', { hasText: 'What we learned from a year of policy sprints' }).waitFor();

    await page.locator('#comment').fill('Posted from the embedding site.');
    await page.locator('#author').fill('Emma Bedded');
    await page.locator('#email').fill('emma@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Thank you for your comment' }).waitFor();
    const queued = (await server.admin('GET', '/api/v1/admin/comments')).filter((c) => c.comment.author_name === 'Emma Bedded');
    assert.equal(queued.length, 1);
    assert.deepEqual(page.errors, []);
  });

  for (const path of ['/blog/', '/blog' + POST]) {
    test(`the embedded page ${path} has no accessibility violations`, async () => {
      const page = await newPage(browser);
      await page.goto(`http://127.0.0.1:${hostPort}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForFunction(() => document.querySelector('aside'));
      assert.deepEqual(await audit(page), []);
      await page.close();
    });
  }
});
