// Moderators in a real browser against the real server: signing in, clearing
// the queue with the keyboard alone, replying as the blog team, closing
// comments blog-wide, the record; and a commenter who asked to hear back,
// from the comment form to the unsubscribe link. axe on every moderation
// page, in its error states too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { audit } from './support/axe.mjs';
import { newPage, useBlog } from './support/harness.mjs';
import { emails, link } from './support/outbox.mjs';

const POST = '/2025/06/12/designing-policy-with-the-people-it-affects/';
const POST_API = '/api/v1/posts/2025/06/12/designing-policy-with-the-people-it-affects/comments';
const MODERATOR = 'moderator@example.gov.uk';

describe('moderation', { timeout: 300_000 }, () => {
  const blog = useBlog({ GOVBLOG_COMMENT_INTERVAL: '0', GOVBLOG_COMMENTS_PER_HOUR: '1000' });
  let password;

  /** The moderator's password, from the command that adds them. */
  function moderatorPassword() {
    if (!password) {
      const out = blog.server.command('moderators', 'add', MODERATOR);
      password = out.match(/pass it on safely\):\n(\S+)/)[1];
    }
    return password;
  }

  async function postComment(text, extra = {}) {
    const r = await fetch(blog.server.base + POST_API, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, name: 'Queue Reader', email: 'queue.reader@example.com', ...extra }),
    });
    const body = await r.text();
    assert.equal(r.status, 201, body);
    return JSON.parse(body).comment.id;
  }

  /** Presses Tab until the focused element matches `selector`: keyboard only. */
  async function tabTo(page, selector, limit = 200) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  async function assertAccessible(page, what) {
    assert.deepEqual(await audit(page), [], `axe violations on ${what}`);
  }

  /** A signed-in moderator's page, signed in with the keyboard. */
  async function signIn() {
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/moderate/');
    await page.locator('h1', { hasText: 'Sign in' }).waitFor();
    await tabTo(page, '#email');
    await page.keyboard.type(MODERATOR);
    await page.keyboard.press('Tab');
    await page.keyboard.type(moderatorPassword());
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Comments to moderate' }).waitFor();
    return page;
  }

  test('the sign-in page leads moderators through its errors and lets nobody in on a wrong password', async () => {
    moderatorPassword();
    const page = await newPage(blog.browser);
    await page.goto(blog.server.base + '/moderate/');
    assert.ok(page.url().endsWith('/moderate/sign-in/'));
    assert.equal(await page.locator('script').count(), 0, 'moderation pages have no script');
    await assertAccessible(page, 'sign in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    assert.deepEqual(await page.locator('.govuk-error-summary a').allTextContents(), [
      'Enter your email address',
      'Enter your password',
    ]);
    assert.match(await page.title(), /^Error: Sign in/);
    await assertAccessible(page, 'sign in with errors');
    await page.locator('#email').fill(MODERATOR);
    await page.locator('#password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'The email address or password is not right' }).waitFor();
    assert.equal(await page.locator('#email').inputValue(), MODERATOR);
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is never sent back');
    const cookies = await page.context().cookies();
    assert.ok(!cookies.some((c) => c.name === 'govblog_moderator'));
    assert.deepEqual(page.errors.filter((e) => !/HTTP 400/.test(e.message)), []);
  });

  test('a moderator clears a queue of 20 comments with the keyboard alone in under a minute', async () => {
    const ids = [];
    for (let i = 1; i <= 20; i++) ids.push(await postComment(`Queued comment number ${i} for the keyboard test.`));
    const started = Date.now();
    const page = await signIn();
    const session = (await page.context().cookies()).find((c) => c.name === 'govblog_moderator');
    assert.ok(session.httpOnly && session.sameSite === 'Strict');
    await assertAccessible(page, 'the queue');
    // Oldest first.
    const texts = await page.locator('.govblog-queue-item__text').allTextContents();
    assert.match(texts[0], /Queued comment number 1 /);
    for (const id of ids) {
      await tabTo(page, `input[name=comment][value="${id}"]`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'button[value=approve]');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-notification-banner', { hasText: '20 comments approved' }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    console.log(`# signed in and cleared 20 comments with the keyboard in ${seconds.toFixed(1)} s`);
    assert.ok(seconds < 60, `took ${seconds} s`);
    await assertAccessible(page, 'the queue after approving');

    // A reader in a fresh browser sees them all (within the API's second in memory).
    await new Promise((r) => setTimeout(r, 1100));
    const reader = await newPage(blog.browser);
    await reader.goto(blog.server.base + POST);
    for (const n of [1, 10, 20]) {
      await reader.getByText(`Queued comment number ${n} for the keyboard test.`).waitFor();
    }
    assert.deepEqual(reader.errors, []);
  });

  test('a reply as the blog team is published at once, marked as the team’s', async () => {
    await postComment('Will the workshop notes be published?', { name: 'Curious Reader' });
    const page = await signIn();
    await page.getByRole('link', { name: 'Reply as the blog team to Curious Reader' }).click();
    await page.locator('h1', { hasText: 'Reply as the blog team' }).waitFor();
    await assertAccessible(page, 'reply');
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Enter your reply' }).waitFor();
    await assertAccessible(page, 'reply with errors');
    await page.locator('#reply').fill('Yes, next week. Thank you for asking.');
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Your reply has been published' }).waitFor();

    await new Promise((r) => setTimeout(r, 1100));
    const reader = await newPage(blog.browser);
    await reader.goto(blog.server.base + POST);
    const reply = reader.locator('.govblog-comment', { hasText: 'Yes, next week. Thank you for asking.' }).last();
    await reply.waitFor();
    assert.match(await reply.textContent(), /Blog team/);
    await reader.getByText('Will the workshop notes be published?').waitFor();
  });

  test('closing comments on the whole blog tells readers why, and opening them brings the form back', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'Closing comments' }).click();
    await page.locator('h1', { hasText: 'Closing comments' }).waitFor();
    await assertAccessible(page, 'closing comments');
    await page.getByRole('button', { name: 'Close comments on every post' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Enter the message readers will see' }).waitFor();
    await assertAccessible(page, 'closing comments with errors');
    const message = 'Comments are closed during the pre-election period.';
    await page.locator('#closing-message').fill(message);
    await page.getByRole('button', { name: 'Close comments on every post' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Comments are closed on every post' }).waitFor();

    await new Promise((r) => setTimeout(r, 1100));
    const reader = await newPage(blog.browser);
    await reader.goto(blog.server.base + POST);
    await reader.locator('.govblog-comments-closed', { hasText: message }).waitFor();
    assert.equal(await reader.locator('#respond').count(), 0);

    await page.getByRole('button', { name: 'Open comments again' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Comments are open again' }).waitFor();
    await new Promise((r) => setTimeout(r, 1100));
    await reader.reload();
    await reader.locator('#respond').waitFor();

    await page.getByRole('link', { name: 'Moderation record' }).click();
    await page.locator('h1', { hasText: 'Moderation record' }).waitFor();
    await assertAccessible(page, 'the moderation record');
    const record = await page.locator('table').textContent();
    for (const action of ['closed comments on the blog', 'opened comments on the blog', 'reply', 'approved comment']) {
      assert.ok(record.includes(action), `${action} is not in the record`);
    }
    assert.ok(record.includes(MODERATOR));
  });

  test('a commenter who opts in confirms, hears of approval and of a reply once each, and unsubscribes', async () => {
    const address = 'opt.in@example.com';
    const mine = () => emails(blog.server.outbox).filter((e) => e.includes(`To: ${address}`));
    const reader = await newPage(blog.browser);
    await reader.goto(blog.server.base + POST);
    await reader.locator('#comment').fill('Please let me know when this is published.');
    await reader.locator('#author').fill('Opt In');
    await reader.locator('#email').fill(address);
    const optIn = reader.getByLabel('Email me when my comment is published and when someone replies');
    assert.equal(await optIn.isChecked(), false, 'the box starts unticked');
    await optIn.check();
    await reader.getByRole('button', { name: 'Submit comment' }).click();
    await reader.locator('.govuk-notification-banner', { hasText: 'Thank you for your comment' }).waitFor();
    await waitFor(() => mine().length === 1, 'the confirmation email');
    assert.match(mine()[0], /Confirm you want emails about your comment/);

    const confirm = link(mine()[0], '/subscribe/confirm/?token=');
    await reader.goto(confirm.replace(/^https?:\/\/[^/]+/, blog.server.base));
    await reader.getByRole('button', { name: 'Confirm subscription' }).click();
    await reader.locator('h1', { hasText: 'You will get an email when your comment is published' }).waitFor();

    const page = await signIn();
    const item = page.locator('.govblog-queue-item', { hasText: 'Please let me know when this is published.' });
    await item.locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.govuk-notification-banner', { hasText: '1 comment approved' }).waitFor();
    await waitFor(() => mine().length === 2, 'the approval email');
    assert.match(mine()[1], /has been published/);

    await page.getByRole('link', { name: 'Comments to moderate' }).click();
    const mineId = await firstCommentId('Please let me know when this is published.');
    await postComment('A reply from another reader.', { name: 'Other Reader', email: 'other@example.com', parent_id: mineId });
    await page.reload();
    await page.locator('.govblog-queue-item', { hasText: 'A reply from another reader.' }).locator('input').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    await waitFor(() => mine().length === 3, 'the reply email');
    assert.match(mine()[2], /Other Reader has replied to your comment/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(mine().length, 3, 'each email is sent once');

    const unsubscribe = link(mine()[2], '/unsubscribe/?token=');
    await reader.goto(unsubscribe.replace(/^https?:\/\/[^/]+/, blog.server.base));
    await reader.getByRole('button', { name: 'Unsubscribe' }).click();
    await reader.locator('h1', { hasText: 'You have unsubscribed' }).waitFor();
    await postComment('Another reply nobody is told of.', { name: 'Third Reader', email: 'third@example.com', parent_id: mineId });
    await page.reload();
    await page.locator('.govblog-queue-item', { hasText: 'Another reply nobody is told of.' }).locator('input').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(mine().length, 3, 'an email went after unsubscribing');
  });

  test('the opt-in works from the plain form without JavaScript', async () => {
    const address = 'no.script@example.com';
    const page = await newPage(blog.browser, { javaScriptEnabled: false });
    await page.goto(blog.server.base + POST);
    await page.locator('#comment').fill('Sent without JavaScript, asking to hear back.');
    await page.locator('#author').fill('No Script');
    await page.locator('#email').fill(address);
    await page.getByLabel('Email me when my comment is published and when someone replies').check();
    await page.getByRole('button', { name: 'Submit comment' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Thank you for your comment' }).waitFor();
    await waitFor(
      () => emails(blog.server.outbox).some((e) => e.includes(`To: ${address}`) && e.includes('Confirm you want emails')),
      'the confirmation email',
    );
  });

  /** The id of the first comment (any status) with `text`, from the admin API. */
  async function firstCommentId(text) {
    for (const status of ['approved', 'pending']) {
      const items = await blog.server.admin('GET', `/api/v1/admin/comments?status=${status}`);
      const found = items.find((i) => i.comment.text === text);
      if (found) return found.comment.id;
    }
    throw new Error(`no comment ${text}`);
  }
});

async function waitFor(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
