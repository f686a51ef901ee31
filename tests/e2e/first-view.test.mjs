// A reader's first view costs no more than it must: the server's page is
// whole without JavaScript, so a first view loads no wasm and no app
// script at all. The app arrives on the reader's first interaction, and
// what they did meanwhile (scrolling, typing) survives its takeover.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchBrowser, newPage, startServer, useBlog } from './support/harness.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
/** wasm and JavaScript a first view may load, brotli (the budget). */
const FIRST_VIEW_BUDGET = 100 * 1024;

describe('the first view', () => {
  const blog = useBlog();

  for (const path of [POST, '/']) {
    test(`of ${path} loads no app code`, async () => {
      const page = await newPage(blog.browser, { extraHTTPHeaders: { 'accept-encoding': 'br' } });
      const code = [];
      page.on('requestfinished', async (r) => {
        if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) code.push([r.url(), (await r.sizes()).responseBodySize]);
      });
      await page.goto(blog.server.base + path, { startApp: false, waitUntil: 'networkidle' });
      await page.waitForTimeout(1000);
      const bytes = code.reduce((sum, [, size]) => sum + size, 0);
      assert.ok(bytes <= FIRST_VIEW_BUDGET, `app code on a first view: ${bytes} bytes: ${code.map(([u]) => u)}`);
      assert.deepEqual(code, [], 'nothing at all, in fact');
      assert.equal(await page.locator('#govblog').getAttribute('data-app'), null);
      // The page is whole: the post, its comments and forms.
      assert.ok(await page.locator('main h1').count());
      await page.context().close();
    });
  }

  test("a post's first interaction loads no moderation code", async () => {
    // Moderators' pages are the server's alone (`src/moderation` is built
    // only with `ssr`): a reader's app must not carry them. Their headings
    // are in the code if any of their views is.
    const page = await newPage(blog.browser);
    const code = [];
    page.on('requestfinished', (r) => {
      if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) code.push(r);
    });
    await page.goto(blog.server.base + POST, { startApp: false });
    await page.mouse.move(100, 100);
    await page.mouse.move(120, 140);
    await page.locator('#govblog[data-app=running]').waitFor();
    assert.ok(code.some((r) => r.url().endsWith('.wasm')), `the app's wasm loaded: ${code.map((r) => r.url())}`);
    for (const r of code) {
      const body = (await (await r.response()).body()).toString('latin1');
      for (const moderation of ['Comments to moderate', 'Close comments on every post']) {
        assert.ok(!body.includes(moderation), `${r.url()} holds "${moderation}"`);
      }
      // The same check finds what the reader's page shows.
      if (r.url().endsWith('.wasm')) assert.ok(body.includes('Submit comment'), 'the comment form is in the wasm');
    }
    await page.context().close();
  });

  test('typing starts the app, and nothing typed or scrolled is lost', async () => {
    const page = await newPage(blog.browser);
    const loads = [];
    page.on('request', (r) => r.resourceType() === 'document' && loads.push(r.url()));
    await page.goto(blog.server.base + POST, { startApp: false });
    await page.locator('#comment').scrollIntoViewIfNeeded();
    // Focus starts the app; the reader types on while it loads.
    await page.locator('#comment').focus();
    // Where the reader sees the field: its place in the window.
    const seenAt = () => page.evaluate(() => document.getElementById('comment').getBoundingClientRect().top);
    const before = await seenAt();
    assert.ok((await page.evaluate(() => scrollY)) > 500, 'scrolled down to the form');
    await page.keyboard.type('Typed before the app started, ');
    await page.locator('#govblog[data-app=running]').waitFor();
    await page.keyboard.type('and after.');
    assert.equal(await page.locator('#comment').inputValue(), 'Typed before the app started, and after.');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'comment');
    const after = await seenAt();
    assert.ok(Math.abs(after - before) < 5, `the field stayed where the reader saw it: ${before} then ${after}`);
    // The app sends the form: no page load.
    await page.locator('#author').fill('Ana');
    await page.locator('#email').fill('ana@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Thank you for your comment' }).waitFor();
    assert.equal(loads.length, 1, `one page load only: ${loads}`);
    await page.context().close();
  });

  test('Copy link clicked before the app runs copies once it does', async () => {
    const page = await newPage(blog.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(blog.server.base + POST, { startApp: false });
    assert.equal(await page.locator('#govblog').getAttribute('data-app'), null);
    // The click is what starts the app here.
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.govblog-share [role=status]', { hasText: 'Link copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), blog.server.base + POST);
    await page.context().close();
  });

  for (const path of [POST, '/']) {
    test(`nothing on ${path} moves or changes its text when the app takes over`, async () => {
      const page = await newPage(blog.browser, { viewport: { width: 412, height: 823 } });
      await page.addInitScript(() => {
        window.shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            window.shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.nodeName) });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(blog.server.base + path, { startApp: false, waitUntil: 'networkidle' });
      const beforeApp = await page.evaluate(() => window.shifts);
      assert.deepEqual(beforeApp, [], 'the first view does not move as it loads');
      // The app draws new elements in place of the server's, which the
      // browser does not count as shifts: compare where each part is drawn.
      const places = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('#govblog h1, #govblog h2, #govblog p, #govblog form, #govblog img')].map((e) => {
            const r = e.getBoundingClientRect();
            return `${e.nodeName} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
          }),
        );
      const drawn = await places();
      assert.ok(drawn.length > 10, drawn.join('\n'));
      const text = () => page.locator('#govblog').innerText();
      const textBefore = await text();
      // Every element as the server drew it: its name, namespace (an SVG
      // part drawn as HTML is not drawn, a <title> there is no tooltip) and
      // attributes (what assistive technology reads), all but the page's
      // data script, which the app takes away.
      const elements = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('#govblog *')]
            .filter((e) => !e.closest('script'))
            .map((e) => {
              const attributes = [...e.attributes].map((a) => `${a.name}="${a.value}"`).sort();
              return [e.namespaceURI, e.localName, ...attributes].join(' ');
            }),
        );
      const elementsBefore = await elements();
      assert.ok(elementsBefore.some((e) => e.startsWith('http://www.w3.org/2000/svg title')), 'the logotype has its title');
      await page.mouse.move(100, 100);
      await page.mouse.move(120, 140);
      await page.locator('#govblog[data-app=running]').waitFor();
      await page.waitForTimeout(500);
      const shifts = await page.evaluate(() => window.shifts);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      assert.ok(total < 0.001, `layout shifts at takeover: ${JSON.stringify(shifts)}`);
      assert.deepEqual(await places(), drawn, 'every heading, paragraph, form and image where it was');
      assert.equal(await text(), textBefore, 'the same text');
      assert.deepEqual(await elements(), elementsBefore, 'every element, with its attributes, as the server drew it');
      await page.context().close();
    });
  }
});

describe('a page the server does not render', () => {
  test('starts the app at once', async () => {
    const server = await startServer({ GOVBLOG_SSR: 'false' });
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      await page.goto(server.base + POST, { startApp: false });
      await page.locator('#govblog[data-app=running]').waitFor();
      await page.locator('main h1', { hasText: 'Designing policy' }).waitFor();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
