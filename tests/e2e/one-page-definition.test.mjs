// One definition of each page: for every kind of page, the server's HTML
// read without JavaScript, the same page once the app has taken over, and
// the page reached by in-app navigation show the same title, heading and
// main text.
import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { ADMIN_TOKEN, newPage, useBlog } from './support/harness.mjs';

const POST = '/2025/04/03/counting-what-matters-in-waiting-times/';

const PAGES = [
  ['home', '/'],
  ['home page 2', '/page/2/'],
  ['post', POST],
  ['post, second page of comments', `${POST}?cpage=2`],
  ['category', '/category/user-research/'],
  ['author', '/author/tom-whitfield/'],
  ['tag', '/tag/inclusion/'],
  ['month', '/2025/06/'],
  ['search', '/?s=data'],
  ['empty search', '/?s='],
  ['search without results', '/?s=zebrafish'],
  ['search too long', `/?s=${'a'.repeat(201)}`],
  ['not found', '/no/such/page/'],
  ['subscription confirm', '/subscribe/confirm/?token=0123'],
];

/** What a reader gets from the page: title, main heading and main text. */
function reading(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    // Buttons that only work with the app (Copy link, Share) are not text of the page.
    const clone = main.cloneNode(true);
    for (const b of clone.querySelectorAll('.govblog-share .govuk-button-group, [role=status]')) b.remove();
    return {
      title: document.title,
      h1: main.querySelector('h1')?.textContent.replace(/\s+/g, ' ').trim(),
      text: clone.textContent.replace(/\s+/g, ' ').trim(),
    };
  });
}

describe('every page reads the same from the server and from the app', () => {
  const blog = useBlog({ GOVBLOG_COMMENT_INTERVAL: '0', GOVBLOG_COMMENTS_PER_HOUR: '1000' });

  before(async () => {
    // 51 threads on one post, so its comments have a second page.
    for (let i = 0; i < 51; i++) {
      const r = await fetch(`${blog.server.base}/api/v1/posts${POST}comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${i}.1` },
        body: JSON.stringify({ text: `Thread number ${i}`, name: 'Reader', email: 'reader@example.com' }),
      });
      const body = await r.text();
      assert.equal(r.status, 201, body);
      const { comment } = JSON.parse(body);
      const a = await fetch(`${blog.server.base}/api/v1/admin/comments/${comment.id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(a.status, 200);
    }
  });

  for (const [kind, path] of PAGES) {
    test(kind, async () => {
      const url = blog.server.base + path;
      const plain = await newPage(blog.browser, { javaScriptEnabled: false });
      const response = await plain.goto(url);
      const server = await reading(plain);
      assert.ok(server.h1, `${kind}: the server's page has a heading`);
      assert.doesNotMatch(server.text, /Loading…/, `${kind}: content, not a loading message`);
      await plain.context().close();

      const app = await newPage(blog.browser);
      // Statuses of 400 and 404 are this test's subject, not failures.
      app.errors = [];
      await app.goto(url);
      await app.locator('#govblog[data-app=running]').waitFor();
      const takenOver = await reading(app);
      assert.deepEqual(takenOver, server, `${kind}: the app's takeover changes nothing`);

      // In-app navigation: from another page, by the router, fetching only data.
      const start = path === '/' ? '/tag/inclusion/' : '/';
      await app.goto(blog.server.base + start);
      await app.locator('#govblog[data-app=running]').waitFor();
      const documents = [];
      app.on('request', (r) => r.resourceType() === 'document' && documents.push(r.url()));
      await app.evaluate((to) => {
        const a = document.createElement('a');
        a.href = to;
        a.textContent = 'go';
        document.body.append(a);
        a.click();
        a.remove();
      }, path);
      await app.waitForFunction((h1) => document.querySelector('main h1')?.textContent.replace(/\s+/g, ' ').trim() === h1, server.h1);
      await app.waitForFunction((title) => document.title === title, server.title);
      const navigated = await reading(app);
      assert.deepEqual(navigated, server, `${kind}: in-app navigation shows the same page`);
      assert.deepEqual(documents, [], `${kind}: no page load`);
      assert.ok([200, 400, 404].includes(response.status()));
      await app.context().close();
    });
  }
});
