// Cross-site scripting: a corpus of hostile strings goes in through every
// door a blog has (post Markdown and title, author and category names, tags,
// comment text and names, search queries) and the pages that show them must
// run none of it and grow no element or attribute the payload asked for.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';
import { unexpectedElements } from './support/inert.mjs';

// Each payload, if it ever runs, sets a global flag or opens a dialog.
const RUN = 'window.__xss=1;alert(1)';
const CORPUS = [
  `<script>${RUN}</script>`,
  `<ScRiPt>${RUN}</sCrIpT>`,
  `<img src=x onerror="${RUN}">`,
  `<IMG SRC=x OnErRoR=${RUN}>`,
  `<svg onload=${RUN}>`,
  `<svg><script>${RUN}</script></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `"><script>${RUN}</script>`,
  `'><img src=x onerror=${RUN}>`,
  `<a href="javascript:${RUN}">plain link</a>`,
  `<a href="&#106;avascript:${RUN}">encoded link</a>`,
  `<a href="jav&#x09;ascript:${RUN}">tab link</a>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${RUN}</script>"></iframe>`,
  `<details open ontoggle=${RUN}>`,
  `<body onload=${RUN}>`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="data:text/html,<script>${RUN}</script>">`,
  `<form action="javascript:${RUN}"><button>go</button></form>`,
  `<style>*{background:url("javascript:${RUN}")}</style>`,
  `<scr<script>ipt>${RUN}</script>`,
  `<img src=x onerror=${RUN}//`,
  `<<script>script>${RUN}<</script>/script>`,
  `<base href="javascript:${RUN}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `{{constructor.constructor('${RUN}')()}}`,
];
// Markdown's own ways to make a link or image.
const MARKDOWN = [
  `[markdown link](javascript:${RUN})`,
  `[mixed case](JaVaScRiPt:${RUN})`,
  `[spaced]( javascript:${RUN})`,
  `[entity](&#106;avascript:${RUN})`,
  `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `![image](javascript:${RUN})`,
  `<javascript:${RUN}>`,
  `[ref][evil]\n\n[evil]: javascript:${RUN}`,
];

const toml = (s) => JSON.stringify(s); // a JSON string is a valid TOML basic string
const POST = '/2025/11/01/hostile-post/';

/** The demo content plus one post, author, category and tag made of payloads. */
function hostileContent() {
  const dir = mkdtempSync(join(tmpdir(), 'govblog-xss-'));
  cpSync(resolve(import.meta.dirname, '../../content'), dir, { recursive: true });
  appendFileSync(
    join(dir, 'authors.toml'),
    `\n[[author]]\nslug = "eve"\nname = ${toml(`Eve ${CORPUS[0]} ${CORPUS[2]}`)}\nbio = ${toml(CORPUS[4])}\n`,
  );
  appendFileSync(
    join(dir, 'categories.toml'),
    `\n[[category]]\nslug = "hostile"\nname = ${toml(`Hostile ${CORPUS[5]}`)}\ndescription = ${toml(CORPUS[7])}\n`,
  );
  const body = [...CORPUS, ...MARKDOWN].map((p) => `${p}\n`).join('\n');
  writeFileSync(
    join(dir, 'posts/hostile-post.md'),
    `+++\ntitle = ${toml(`Hostile ${CORPUS[2]} title`)}\nslug = "hostile-post"\ndate = "2025-11-01T09:00:00Z"\n` +
      `authors = ["eve"]\ncategories = ["hostile"]\ntags = [${toml(`tag ${CORPUS[3]}`)}]\n` +
      `summary = ${toml(CORPUS[8])}\n+++\n\n${body}`,
  );
  return dir;
}

describe('cross-site scripting', { timeout: 180_000 }, () => {
  let content, server, browser;
  before(async () => {
    content = hostileContent();
    server = await startServer({ GOVBLOG_CONTENT: content, GOVBLOG_TRUST_PROXY: 'true' });
    browser = await launchBrowser();
    // Comments carry the corpus in their text and their name.
    const comments = `/api/v1/posts${POST}comments`;
    for (const [i, text] of [...CORPUS, ...MARKDOWN].entries()) {
      const r = await fetch(server.base + comments, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.0.${i}` },
        body: JSON.stringify({ name: `Mallory ${CORPUS[i % CORPUS.length]}`.slice(0, 100), email: 'm@example.com', text }),
      });
      assert.equal(r.status, 201, `comment ${i}: ${await r.text()}`);
    }
    for (const item of await server.admin('GET', '/api/v1/admin/comments')) {
      await server.admin('POST', `/api/v1/admin/comments/${item.comment.id}/approve`);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(content, { recursive: true, force: true });
  });

  const api = async (path) => (await fetch(`${server.base}/api/v1${path}`)).json();

  /** Opens `path` in a fresh page, as server HTML and then the app; returns the page. */
  async function visit(path, ready) {
    const page = await newPage(browser);
    page.dialogs = [];
    page.on('dialog', (d) => {
      page.dialogs.push(d.message());
      d.dismiss();
    });
    await page.goto(server.base + path);
    await page.locator(ready).first().waitFor();
    // Give anything a payload scheduled (image errors, toggles) time to fire.
    await page.waitForTimeout(300);
    return page;
  }

  async function assertInert(page) {
    assert.deepEqual(page.dialogs, [], 'no dialog opens');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload runs');
    assert.deepEqual(await page.evaluate(unexpectedElements), [], 'no element or attribute from a payload');
    assert.deepEqual(page.errors.map(String), [], 'no script error, refused script or failed request');
  }

  const pages = [
    ['the post, with its comments', POST, '#comments'],
    ['the home page', '/', 'main h1'],
    ['the author page', '/author/eve/', 'main h1'],
    ['the category page', '/category/hostile/', 'main h1'],
    ['the tag page', async () => `/tag/${(await api(`/posts${POST.slice(0, -1)}`)).tags[0].slug}/`, 'main h1'],
    ['the month archive', '/2025/11/', 'main h1'],
    ['a page not found', '/2025/11/01/<script>/', 'main h1', 404],
  ];
  for (const [name, path, ready, status] of pages) {
    test(`${name} shows payloads as text and runs none`, async () => {
      const page = await visit(typeof path === 'string' ? path : await path(), ready);
      // The page's own "404 Not Found" is what it should answer.
      if (status) page.errors = page.errors.filter((e) => !e.message.startsWith(`HTTP ${status} GET ${page.url()}`));
      await assertInert(page);
      await page.close();
    });
  }

  test('payloads appear literally, as text, where they were written', async () => {
    const page = await visit(POST, '#comments');
    const main = await page.locator('main').innerText();
    assert.ok(main.includes(`Hostile <img src=x onerror="${RUN}"> title`), 'title as text');
    assert.ok(main.includes(`Eve ${CORPUS[0]}`), 'author name as text');
    assert.ok(main.includes(`Hostile ${CORPUS[5]}`), 'category name as text');
    assert.ok(main.includes(`Mallory ${CORPUS[1]}`), 'commenter name as text');
    assert.ok(main.includes(CORPUS[6]), 'comment text as text');
    assert.equal(await page.title(), `Hostile <img src=x onerror="${RUN}"> title - Civic Design Lab`);
    await page.close();
  });

  for (const query of [CORPUS[0], CORPUS[2], CORPUS[7], `javascript:${RUN}`, '%3Cscript%3E']) {
    test(`searching for ${query.slice(0, 30)} runs nothing`, async () => {
      const page = await visit(`/?s=${encodeURIComponent(query)}`, 'main h1');
      assert.equal(await page.locator('main h1').innerText(), `Search results for ${query}`);
      await assertInert(page);
      // And typed into the search box, for the app's own navigation.
      await page.getByRole('searchbox').first().fill(CORPUS[4]);
      await page.getByRole('searchbox').first().press('Enter');
      await page.locator('main h1', { hasText: `Search results for ${CORPUS[4]}` }).waitFor();
      await page.waitForTimeout(200);
      await assertInert(page);
      await page.close();
    });
  }

  test('a comment form sent back with errors keeps hostile text as text', async () => {
    const payload = `</textarea>${CORPUS[0]}${CORPUS[2]}`;
    for (const javaScriptEnabled of [false, true]) {
      const page = await newPage(browser, { javaScriptEnabled });
      page.dialogs = [];
      page.on('dialog', (d) => {
        page.dialogs.push(d.message());
        d.dismiss();
      });
      await page.goto(server.base + POST);
      // Sent as a form (as before the app starts, or without script), with no name.
      await page.evaluate((text) => {
        const form = document.querySelector('#respond form');
        form.querySelector('#comment').value = text;
        form.querySelector('#email').value = `${text}@example.com`;
        HTMLFormElement.prototype.submit.call(form);
      }, payload);
      await page.locator('.govuk-error-summary').waitFor();
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#comment').inputValue(), payload);
      page.errors = page.errors.filter((e) => !/^Error: HTTP 400 POST /.test(String(e)));
      await assertInert(page);
      await page.close();
    }
  });

  test('a payload that does get in is caught, so these checks can fail', async () => {
    const page = await visit('/', 'main h1');
    await page.evaluate((html) => (document.querySelector('main').innerHTML += html), CORPUS[2]);
    await page.waitForTimeout(300);
    assert.ok((await page.evaluate(unexpectedElements)).some((e) => e === 'IMG onerror'));
    // The Content-Security-Policy stops the inline handler even then, and the
    // refusal is reported as an error.
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.ok(page.errors.some((e) => /Content Security Policy/.test(e.message)), page.errors.join('\n'));
    // Script that does run (here, from the test itself) is seen.
    await page.evaluate(() => setTimeout(() => alert(1)));
    await page.waitForTimeout(100);
    assert.equal(page.dialogs.length, 1);
    await page.close();
  });
});
