// A WordPress blog moved to govblog: its export imported by the server's
// own command, then imported posts opened in the browser (a classic-editor
// post with a captioned image, one with a video, block-editor posts with a
// table and details, the Welsh-titled post). They pass axe, read as text
// without JavaScript, and none of the scripts, frames or handlers the
// export carries runs or survives.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { audit } from './support/axe.mjs';
import { launchBrowser, newPage, startServer } from './support/harness.mjs';
import { unexpectedElements } from './support/inert.mjs';

const EXPORT = join(resolve(import.meta.dirname, '../..'), 'server/tests/fixtures/wordpress/set-a.wxr');

const POSTS = [
  ['a classic post with a captioned image, in parts', '/2014/02/11/data-standards-a-beginners-guide/', "Data standards: a beginner's guide", 'figcaption'],
  ['a classic post with a video and a Welsh title', '/2014/09/18/wyl-data-caerdydd-what-we-learned-at-the-cardiff-data-festival/', 'Ŵyl Data Caerdydd', 'a[href^="https://youtu.be/"]'],
  ['a classic post with scripts and handlers in it', '/2015/05/11/election-night-how-we-published-results-data-as-they-came-in/', 'Election night', 'img[alt]'],
  ['a block post with a table', '/2022/03/14/ten-years-of-the-public-data-studio-%f0%9f%8e%89/', 'Ten years of the Public Data Studio', 'table.govuk-table'],
  ['a block post with details and inset text', '/2024/10/08/accessible-charts-what-we-changed-and-why/', 'Accessible charts', 'details.govuk-details'],
  ['a block post with an HTML block of scripts and a frame', '/2023/06/15/how-we-test-our-data-pipelines/', 'How we test our data pipelines', 'ol'],
];

describe('an imported WordPress blog', { timeout: 180_000 }, () => {
  let server, browser;
  before(async () => {
    server = await startServer({}, { importWordPress: EXPORT });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [name, path, title, part] of POSTS) {
    test(name, async () => {
      const page = await newPage(browser);
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss();
      });
      await page.goto(server.base + path);
      await page.locator('#govblog[data-app=running]').waitFor();
      await page.locator('main h1', { hasText: title }).waitFor();
      assert.ok(await page.locator(`.govblog-post__body ${part}`).count(), `${name}: has ${part}`);
      assert.deepEqual(await audit(page), [], `${name}: axe`);
      assert.deepEqual(await page.evaluate(unexpectedElements), [], `${name}: nothing that runs`);
      await page.waitForTimeout(300);
      assert.deepEqual(dialogs, []);
      // The export's images stay on the old site, which here is plain HTTP
      // on a loopback address that serves nothing: the CSP (images over
      // HTTPS only) refuses them, as it should.
      const oldSite = /Loading the image 'http:\/\/127\.0\.0\.1:8094\/wp-content\/uploads\//;
      assert.deepEqual(page.errors.filter((e) => !oldSite.test(e.message)), []);

      // The same post without JavaScript.
      const plain = await newPage(browser, { javaScriptEnabled: false });
      await plain.goto(server.base + path);
      assert.match(await plain.locator('main h1').textContent(), new RegExp(title.slice(0, 10)));
      assert.ok(await plain.locator(`.govblog-post__body ${part}`).count());
      await plain.context().close();
      await page.context().close();
    });
  }

  test('a video plays in place only once the reader asks', async () => {
    const page = await newPage(browser);
    const videoSite = [];
    page.on('request', (r) => {
      if (/youtube|ytimg|googlevideo/.test(new URL(r.url()).hostname)) videoSite.push(r.url());
    });
    await page.goto(server.base + POSTS[1][1]);
    await page.locator('#govblog[data-app=running]').waitFor();
    const play = page.getByRole('button', { name: /^Play the video/ });
    await play.waitFor();
    assert.deepEqual(await audit(page), [], 'axe, with the offer to play');
    await page.waitForTimeout(500);
    assert.deepEqual(videoSite, [], 'nothing from the video site before the reader asks');
    // The link to the video stays, for whoever prefers it.
    assert.ok(await page.locator('.govblog-post__body a[href^="https://youtu.be/"]').count());

    await play.press('Enter');
    const player = page.locator('.govblog-video__frame iframe');
    await player.waitFor();
    assert.match(await player.getAttribute('src'), /^https:\/\/www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]+\?autoplay=1$/);
    assert.match(await player.getAttribute('title'), /^Video: /);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'IFRAME', 'focus on the player');
    // The page's policy lets the player's frame in (this machine has no
    // route to it, so it loads nothing; what matters is that it was asked).
    await page.waitForTimeout(500);
    assert.ok(videoSite.some((u) => u.startsWith('https://www.youtube-nocookie.com/embed/')), `${videoSite}`);
    assert.deepEqual(page.errors.filter((e) => /Content Security Policy|frame-src/.test(e.message)), []);
    assert.deepEqual(await audit(page), [], 'axe, with the player');
    await page.context().close();
  });

  test('pages, comment threads and old addresses', async () => {
    const page = await newPage(browser);
    await page.goto(server.base + '/about/comments-policy/');
    await page.locator('main h1', { hasText: 'Comments policy' }).waitFor();
    assert.deepEqual(await audit(page), []);
    // A short link from the old blog goes to the post.
    await page.goto(server.base + '/?p=11');
    assert.equal(new URL(page.url()).pathname, '/2014/02/11/data-standards-a-beginners-guide/');
    // The thread six replies deep, the author's replies marked.
    await page.locator('#comments').waitFor();
    assert.ok(await page.locator('.govblog-comment-replies .govblog-comment-replies .govblog-comment-replies').count());
    assert.ok(await page.locator('.govblog-comment .govuk-tag', { hasText: 'Author' }).count());
    // Its second part, by the links WordPress's parts had.
    await page.getByRole('link', { name: 'Page 2 of this post' }).click();
    await page.locator('.govblog-post__body h2', { hasText: 'Standards we use' }).waitFor();
    assert.deepEqual(await audit(page), []);
    await page.context().close();
  });
});
