// Many blogs on one deployment, in the browser: the demo blog, a WordPress
// export imported into another blog, and the network's own index, each at
// its own host name (`*.localhost`, which Chromium resolves to this
// machine). Every page passes axe before and after the app takes over, and
// the app's in-app navigation on one blog never asks another blog's host
// for anything.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { audit } from './support/axe.mjs';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';

const EXPORT = join(resolve(import.meta.dirname, '../..'), 'server/tests/fixtures/wordpress/set-a.wxr');
const POST = '/2014/02/11/data-standards-a-beginners-guide/';
// Its images still point at the WordPress the export came from (no
// uploads were copied here): the page's policy blocks them, as it should.
const OLD_SITE = /Loading the image 'http:\/\/127\.0\.0\.1:8094\/wp-content\/uploads\//;

describe('many blogs', { timeout: 240_000 }, () => {
  let server, browser, port;
  const at = (host, path = '/') => `http://${host}:${port}${path}`;
  before(async () => {
    server = await startServer({ GOVBLOG_NETWORK_HOST: 'www.localhost' });
    port = new URL(server.base).port;
    server.command('blogs', 'add', 'alpha.localhost', '--name', 'Alpha', '--organisation', 'Office A');
    server.command('import-wordpress', EXPORT, '--blog', 'alpha.localhost');
    server.command('blogs', 'set', 'alpha.localhost', '--name', 'Alpha');
    // Every server reads the list of blogs again within 2 seconds.
    await new Promise((r) => setTimeout(r, 2500));
    browser = await launchBrowser(['--host-resolver-rules=MAP *.localhost 127.0.0.1']);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Every host the page asks anything of. */
  function hostsAsked(page) {
    const hosts = new Set();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    return hosts;
  }

  test('the network index lists both blogs, and passes axe before and after the app', async () => {
    const page = await newPage(browser);
    await page.goto(at('www.localhost'), { startApp: false });
    await page.locator('main h1', { hasText: 'GOV.UK blogs' }).waitFor();
    assert.deepEqual(await audit(page), [], 'as the server sent it');
    const alpha = at('alpha.localhost').replace(/\/$/, '');
    assert.equal(await page.locator(`.govblog-network-blogs a[href="${alpha}"]`).count(), 1);
    assert.ok(await page.getByRole('heading', { name: 'Office A' }).isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Department for Public Services' }).isVisible());
    await page.reload();
    await page.locator('main h1', { hasText: 'GOV.UK blogs' }).waitFor();
    assert.deepEqual(await audit(page), [], 'once the app runs');
    // In-app: the next page of the latest posts, from the network's own data.
    await page.locator('.govuk-pagination__next a').click();
    await page.locator('main h1', { hasText: 'Page 2' }).waitFor();
    assert.equal(await page.locator('main .govblog-entry').count(), 10);
    assert.deepEqual(page.errors, []);
  });

  test("one blog's pages and in-app navigation never reach another blog", async () => {
    const page = await newPage(browser);
    const hosts = hostsAsked(page);
    await page.goto(at('alpha.localhost', POST));
    await page.locator('main h1', { hasText: "Data standards: a beginner's guide" }).waitFor();
    assert.equal(await page.locator('.govblog-banner__title a').innerText(), 'Alpha');
    assert.deepEqual(await audit(page), []);
    // Through the app: a category, then the home page.
    await page.locator('main a[href^="/category/"]').first().click();
    await page.locator('main h1 .govuk-caption-l, main .govuk-caption-l', { hasText: 'Category' }).first().waitFor();
    await page.locator('.govblog-banner__title a').click();
    await page.locator('main h1', { hasText: 'Alpha' }).waitFor();
    assert.equal(await page.getByText('Civic Design Lab').count(), 0, "the demo blog's name on alpha");
    const ours = [...hosts].filter((h) => h.endsWith(`:${port}`));
    assert.deepEqual(ours, [`alpha.localhost:${port}`]);
    assert.deepEqual(page.errors.filter((e) => !OLD_SITE.test(e.message)), []);

    // The demo blog, at the first blog's host, is its own.
    const demo = await newPage(browser);
    await demo.goto(`${server.base}/`);
    await demo.locator('main h1', { hasText: 'Civic Design Lab' }).waitFor();
    assert.equal(await demo.getByText('Alpha', { exact: true }).count(), 0);
    const missing = await demo.goto(`${server.base}${POST}`, { startApp: false });
    assert.equal(missing.status(), 404, "alpha's post on the demo blog");
  });

  test('a host that is no blog answers a plain, accessible "Page not found"', async () => {
    const page = await browser.newPage();
    const response = await page.goto(at('nowhere.localhost'));
    assert.equal(response.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Page not found');
    assert.deepEqual(await audit(page), []);
  });
});
