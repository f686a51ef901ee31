// Accessibility beyond what axe-core can see: where focus goes when the app
// changes page, the skip link after such a change, the whole post page by
// keyboard alone, reflow at 320 CSS pixels and text at 200%.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, useBlog } from './support/harness.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const POST_TITLE = 'Designing policy with the people it affects';

/** The focused element, described: tag, id and text. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el.tagName, id: el.id, text: (el.innerText ?? '').trim().slice(0, 80) };
  });

/** Waits until the focused element is the page's `h1` reading `heading`. */
async function headingFocused(page, heading) {
  await page.waitForFunction(
    (heading) => document.activeElement?.matches('#main-content h1') && document.activeElement.innerText.includes(heading),
    heading,
    { timeout: 10_000 },
  );
}

describe('navigation, keyboard and reflow', { timeout: 240_000 }, () => {
  const blog = useBlog();

  test('each page change in the app retitles the page and focuses its heading', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('main h1').waitFor();
    const homeTitle = await page.title();

    await page.getByRole('link', { name: POST_TITLE }).first().click();
    await headingFocused(page, POST_TITLE);
    assert.match(await page.title(), new RegExp(`^${POST_TITLE}.* - Civic Design Lab$`));

    // A category link in the post's byline.
    await page.locator('main a[href="/category/open-policy-making/"]').first().click();
    await headingFocused(page, 'Open policy making');
    assert.equal(await page.title(), 'Open policy making - Civic Design Lab');

    // The search form, by keyboard.
    await page.getByRole('searchbox').first().fill('trial');
    await page.getByRole('searchbox').first().press('Enter');
    await headingFocused(page, 'Search results for trial');
    assert.match(await page.title(), /^Search results for trial/);

    // Back and forward are page changes too.
    await page.goBack();
    await headingFocused(page, 'Open policy making');
    await page.goBack();
    await headingFocused(page, POST_TITLE);
    await page.goBack();
    await headingFocused(page, 'Civic Design Lab');
    assert.equal(await page.title(), homeTitle);

    // A page that does not exist says so, and its heading is focused too.
    await page.evaluate(() => {
      const a = Object.assign(document.createElement('a'), { href: '/no/such/page/', textContent: 'broken link' });
      document.querySelector('main').append(a);
    });
    await page.getByRole('link', { name: 'broken link' }).click();
    await headingFocused(page, 'Page not found');
    assert.deepEqual(page.errors, []);
  });

  test("a link's page is asked for as it is pressed, once, and shown from that answer", async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('#govblog[data-app=running]').waitFor();
    const link = page.getByRole('link', { name: POST_TITLE }).first();
    await link.scrollIntoViewIfNeeded();
    const asked = () =>
      page.evaluate(
        (post) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/pages?path=' + encodeURIComponent(post))).length,
        POST,
      );
    const box = await link.boundingBox();
    await page.mouse.move(box.x + 5, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForFunction((post) => performance.getEntriesByType('resource').some((e) => e.name.includes(encodeURIComponent(post))), POST);
    assert.equal(await asked(), 1, 'asked for while the button is still down');
    await page.mouse.up();
    await headingFocused(page, POST_TITLE);
    await page.waitForLoadState('networkidle');
    assert.equal(await asked(), 1, 'and not again for the click');
    assert.deepEqual(page.errors, []);
  });

  test('the skip link still moves focus to the main content after a page change', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.locator('main h1').waitFor();
    await page.getByRole('link', { name: POST_TITLE }).first().click();
    await headingFocused(page, POST_TITLE);

    // Back to the top of the page from the heading, as a keyboard user would.
    for (let i = 0; i < 20 && (await focused(page)).text !== 'Skip to main content'; i++) {
      await page.keyboard.press('Shift+Tab');
    }
    assert.equal((await focused(page)).text, 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main-content');
    assert.equal(new URL(page.url()).pathname, POST, 'the skip link does not change the page');
    // The next Tab goes into the page's content, not back to the header.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
  });

  test('the post page works from the keyboard alone: every stop visible, a comment submitted', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + POST);
    await page.locator('#comment').waitFor();
    const stops = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          id: el.id,
          text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
          tag: el.tagName,
          // GOV.UK shows focus as a yellow outline or box shadow.
          visibleFocus: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
          onScreen: box.width > 0 && box.height > 0,
        };
      });
      stops.push(stop);
      if (stop.id === 'comment') break;
    }
    assert.equal(stops[0].text, 'Skip to main content');
    assert.equal(stops.at(-1).id, 'comment', 'Tab reaches the comment box');
    assert.ok(!stops.some((s) => s.tag === 'BODY'), 'focus is never lost to the page');
    assert.ok(stops.some((s) => s.text === 'Share on LinkedIn' || /LinkedIn/.test(s.text)), 'share links are reachable');
    const hidden = stops.filter((s) => !s.visibleFocus || !s.onScreen);
    assert.deepEqual(hidden, [], 'every focused element shows that it has focus');

    await page.keyboard.type('Written without a mouse, from the top of the page.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'author');
    await page.keyboard.type('Tab Stop');
    await page.keyboard.press('Tab');
    await page.keyboard.type('tab.stop@example.com');
    await page.keyboard.press('Tab'); // "Email me when my comment is published", left unticked
    await page.keyboard.press('Tab'); // the privacy notice link
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Submit comment');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-notification-banner').waitFor();
    assert.match((await focused(page)).text, /Thank you for your comment/);
    assert.deepEqual(page.errors, []);
  });

  const pages = [
    ['home', '/'],
    ['post', POST],
    ['long post with a table', '/2025/04/03/counting-what-matters-in-waiting-times/'],
    ['category', '/category/user-research/'],
    ['search results', '/?s=policy'],
    ['page not found', '/no/such/page/'],
  ];

  /** How far the page scrolls sideways: 0 when everything reflows. */
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** Elements wider than the viewport that push the page sideways, for the failure message. */
  const culprits = (page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.className}`),
    );

  for (const [name, path] of pages) {
    test(`${name}: no sideways scrolling at 320 CSS pixels wide`, async () => {
      const page = await newPage(blog.browser, { viewport: { width: 320, height: 640 } });
      await page.goto(blog.server.base + path);
      await page.locator('main h1').waitFor();
      assert.equal(await overflow(page), 0, (await culprits(page)).join(', '));
      await page.close();
    });

    test(`${name}: text at 200% stays readable without sideways scrolling`, async () => {
      const page = await newPage(blog.browser, { viewport: { width: 1024, height: 768 } });
      await page.goto(blog.server.base + path);
      await page.locator('main h1').waitFor();
      const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main h1')).fontSize));
      const before = await size();
      // What a reader's "text size: very large" setting does: GOV.UK sizes
      // text in rem, so the root size scales every line of text.
      await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
      assert.ok((await size()) >= before * 1.9, `text grew from ${before}px to ${await size()}px`);
      assert.equal(await overflow(page), 0, (await culprits(page)).join(', '));
      // Nothing is cut off: no text box is clipped by a box narrower than it.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('main h1, main h2, main p, main a, main label, main button')]
          // (Text for screen readers only is clipped on purpose.)
          .filter((el) => !el.closest('.govuk-visually-hidden'))
          .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden')
          .map((el) => el.innerText.slice(0, 40)),
      );
      assert.deepEqual(clipped, []);
      await page.close();
    });
  }
});
