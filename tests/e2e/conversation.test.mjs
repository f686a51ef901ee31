// Comments and subscriptions in a real browser against the real blog.server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPage, useBlog } from './support/harness.mjs';
import { emails, link } from './support/outbox.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';

describe('conversation', { timeout: 180_000 }, () => {
  // These tests post several comments from one address within seconds.
  const blog = useBlog({ GOVBLOG_COMMENT_INTERVAL: '0' });

  async function openPost(path = POST) {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + path);
    await page.locator('#comments').waitFor();
    return page;
  }

  const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className);

  test('an empty form gets a focused error summary whose links move focus to the fields', async () => {
    const page = await openPost();
    await page.getByRole('button', { name: 'Submit comment' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.equal(await focused(page), 'govuk-error-summary');
    assert.deepEqual(await summary.locator('a').allTextContents(), [
      'Enter your comment',
      'Enter your name',
      'Enter your email address',
    ]);
    await page.waitForFunction(() => document.title.startsWith('Error: Designing policy'));
    // Each field is marked and tied to its message.
    for (const id of ['comment', 'author', 'email']) {
      const field = page.locator(`#${id}`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match(await field.getAttribute('aria-describedby'), new RegExp(`${id}-error`));
      assert.ok(await page.locator(`#${id}-error`).isVisible());
    }
    assert.equal(await page.locator('#email').getAttribute('aria-describedby'), 'email-hint email-error');
    await summary.locator('a', { hasText: 'Enter your name' }).click();
    assert.equal(await focused(page), 'author');
    await summary.locator('a', { hasText: 'Enter your email address' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'email');
    assert.deepEqual(page.errors, []);
  });

  test('a comment written with the keyboard alone is confirmed, shown as pending, then published', async () => {
    const page = await openPost();
    // Reach the comment field from the error summary, by keyboard.
    await page.getByRole('button', { name: 'Submit comment' }).press('Enter');
    await page.locator('.govuk-error-summary a', { hasText: 'Enter your comment' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'comment');
    await page.keyboard.type('Keyboard only, <b>not bold</b>.\n\nSecond paragraph.');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'author');
    await page.keyboard.type('Kay Board');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kay.board@example.com');
    await page.keyboard.press('Tab'); // "Email me when my comment is published", left unticked
    await page.keyboard.press('Tab'); // the privacy notice link
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Submit comment');
    await page.keyboard.press('Enter');

    const banner = page.locator('.govuk-notification-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /Thank you for your comment\. It will appear on this page once it has been approved\./);
    assert.equal(await focused(page), 'govuk-notification-banner govuk-notification-banner--success');
    assert.equal(await page.locator('#comment').inputValue(), '', 'the form is cleared');
    assert.ok(!(await page.title()).startsWith('Error'));
    const mine = page.locator('.govblog-comment', { hasText: 'Your comment is awaiting moderation' });
    await mine.waitFor();
    assert.match(await mine.textContent(), /Kay Board/);
    // Markup in a comment is text.
    assert.equal(await mine.locator('b').count(), 0);
    assert.match(await mine.textContent(), /<b>not bold<\/b>/);

    // Reloaded, and touched by nothing: the reader's own comment shows as
    // the page loads, not at their first move or key.
    await page.reload({ startApp: false });
    await page.locator('.govblog-comment', { hasText: 'Your comment is awaiting moderation' }).waitFor({ timeout: 15_000 });
    // Another post, with nothing of theirs waiting, still waits for them.
    const untouched = await newPage(blog.browser);
    await untouched.goto(blog.server.base + '/', { startApp: false });
    await untouched.waitForTimeout(1500);
    assert.equal(await untouched.evaluate(() => document.getElementById('govblog').dataset.app ?? null), null, 'the app waits for the reader');

    // Nobody else sees it yet.
    const other = await openPost();
    assert.equal(await other.locator('.govblog-comment', { hasText: 'Kay Board' }).count(), 0);
    assert.equal(await other.locator('#comments').textContent(), '4 comments');

    const [queued] = (await blog.server.admin('GET', '/api/v1/admin/comments')).filter((c) => c.comment.author_name === 'Kay Board');
    await blog.server.admin('POST', `/api/v1/admin/comments/${queued.comment.id}/approve`);
    const fresh = await openPost();
    const published = fresh.locator(`#comment-${queued.comment.id}`);
    await published.waitFor();
    assert.equal(await fresh.locator('#comments').textContent(), '5 comments');
    assert.deepEqual(await published.locator('.govblog-comment__body p.govuk-body').nth(1).textContent(), 'Keyboard only, <b>not bold</b>.');
    assert.equal(await published.getByText('Your comment is awaiting moderation').count(), 0);
    // Its link opens the page focused on it.
    const linked = await newPage(blog.browser);
    await linked.goto(`${blog.server.base}${POST}#comment-${queued.comment.id}`);
    await linked.waitForFunction((id) => document.activeElement?.id === `comment-${id}`, queued.comment.id);
  });

  test('a reply is nested under the comment it answers', async () => {
    const page = await openPost();
    const martin = page.locator('.govblog-comment', { hasText: 'Martin Hale' }).first();
    await martin.getByRole('link', { name: 'Reply to Martin Hale' }).click();
    await page.locator('#respond-heading', { hasText: 'Leave a reply to Martin Hale' }).waitFor();
    assert.equal(await focused(page), 'comment');
    assert.equal(await page.getByRole('link', { name: 'Cancel reply' }).count(), 1);
    await page.locator('#comment').fill('We ask teams to nominate one person each.');
    await page.locator('#author').fill('Rhiannon Reply');
    await page.locator('#email').fill('rhiannon@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    assert.equal(await page.locator('#respond-heading').textContent(), 'Leave a comment');

    const [queued] = (await blog.server.admin('GET', '/api/v1/admin/comments')).filter((c) => c.comment.author_name === 'Rhiannon Reply');
    await blog.server.admin('POST', `/api/v1/admin/comments/${queued.comment.id}/approve`);
    const fresh = await openPost();
    const nested = fresh.locator('.govblog-comment', { hasText: 'Martin Hale' }).first().locator(`ol #comment-${queued.comment.id}`);
    await nested.waitFor();
    assert.match(await nested.textContent(), /Rhiannon Reply/);
  });

  test('double-clicking Submit sends one comment; a network failure keeps what was typed', async () => {
    const page = await openPost();
    await page.locator('#comment').fill('Sent once, however often it is clicked.');
    await page.locator('#author').fill('Dee Double');
    await page.locator('#email').fill('dee@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).dblclick();
    await page.locator('.govuk-notification-banner').waitFor();
    await page.waitForTimeout(500);
    const queued = (await blog.server.admin('GET', '/api/v1/admin/comments')).filter((c) => c.comment.author_name === 'Dee Double');
    assert.equal(queued.length, 1);

    await page.route('**/comments', (route) => route.abort('internetdisconnected'));
    await page.locator('#comment').fill('Typed before the connection dropped.');
    await page.locator('#author').fill('Nell Network');
    await page.locator('#email').fill('nell@example.com');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.textContent(), /could not be sent\. Check your connection/);
    assert.equal(await page.locator('#comment').inputValue(), 'Typed before the connection dropped.');
    // Retrying once the connection is back sends it.
    await page.unroute('**/comments');
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
  });

  test('posts with comments closed say so instead of the form', async () => {
    const page = await openPost('/2024/09/17/a-day-at-the-jobcentre/');
    assert.equal(await page.locator('text=Comments are closed').count(), 1);
    assert.equal(await page.locator('#respond').count(), 0);
  });

  test('subscribing needs the emailed link; the unsubscribe link works in one click', async () => {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Enter an email address in the correct format' }).waitFor();
    await page.waitForFunction(() => document.title.startsWith('Error: '));

    const before = emails(blog.server.outbox).length;
    await page.getByLabel('Email address').fill('reader@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Check your email' }).waitFor();
    const sent = emails(blog.server.outbox);
    assert.equal(sent.length, before + 1);
    const confirm = link(sent.at(-1), '/subscribe/confirm/?token=');
    // Opening the link changes nothing (mail scanners open links): the button does it.
    await page.goto(confirm.replace(/^https?:\/\/[^/]+/, blog.server.base));
    await page.locator('#govblog[data-app=running]').waitFor();
    await page.locator('h1', { hasText: 'Confirm your subscription' }).waitFor();
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.locator('h1', { hasText: 'You have subscribed' }).waitFor();
    // The link works once.
    await page.reload();
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.locator('h1', { hasText: 'This link has expired or has already been used' }).waitFor();

    const unsubscribe = link(sent.at(-1), '/unsubscribe/?token=');
    await page.goto(unsubscribe.replace(/^https?:\/\/[^/]+/, blog.server.base));
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.locator('h1', { hasText: 'You have unsubscribed' }).waitFor();
    assert.deepEqual(page.errors.filter((e) => !/404/.test(e.message)), []);
  });
});
