// Durability under load: 50 clients post comments while readers keep
// reading; the server is killed with SIGKILL mid-run and restarted. Every
// comment that was answered "201 Created" must be stored exactly once, and
// reads must keep being answered while the writes go on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startServer } from './support/harness.mjs';

const POST = '/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times';
const CLIENTS = 50;

// Flood control stays on with its defaults (one comment per address every
// 15 s, 20 an hour). The server trusts X-Forwarded-For as it would behind a
// proxy, and each comment comes from its own address, so every client counts
// as a distinct reader rather than one address flooding the blog.
const address = (client, n) => `10.${client}.${n >> 8}.${n & 255}`;

async function postComment(base, phase, client, n) {
  const text = `Durability check, ${phase}: client ${client}, comment ${n}.`;
  try {
    const r = await fetch(base + POST + '/comments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address(client, n) },
      body: JSON.stringify({ name: `Client ${client}`, email: `client${client}@example.com`, text }),
    });
    return { text, status: r.status, id: r.status === 201 ? (await r.json()).comment.id : null };
  } catch {
    // The connection broke (the server was killed): the outcome is unknown.
    return { text, status: 'no answer', id: null };
  }
}

/**
 * Posts comments from `CLIENTS` concurrent clients until `running()` is
 * false, numbering each client's comments (and addresses) from `firstN`.
 */
function writers(server, phase, firstN, running) {
  const results = [];
  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = firstN; running(); n++) {
      results.push(await postComment(server.base, phase, client, n));
      if (results.at(-1).status === 'no answer') await new Promise((r) => setTimeout(r, 50));
    }
  });
  return { results, done: Promise.all(clients) };
}

/** Reads the post and the home list until `running()` is false; counts answers. */
async function reader(base, running) {
  const seen = { ok: 0, failed: [], slowest: 0 };
  while (running()) {
    for (const path of [POST, '/api/v1/posts', POST + '/comments']) {
      const started = performance.now();
      const r = await fetch(base + path).catch((e) => e);
      if (r.status === 200) {
        await r.arrayBuffer();
        seen.ok++;
        seen.slowest = Math.max(seen.slowest, performance.now() - started);
      } else seen.failed.push(`${path}: ${r.status ?? r.message}`);
    }
  }
  return seen;
}

describe('durability', { timeout: 120_000 }, () => {
  test('comments answered with success survive SIGKILL exactly once; reads go on', async () => {
    const server = await startServer({ GOVBLOG_TRUST_PROXY: 'true' });
    try {
      // Phase 1: writes and reads together, then the server dies mid-write.
      let phase1 = true;
      let reading = true;
      const before = writers(server, 'before the kill', 0, () => phase1);
      const reads = reader(server.base, () => reading);
      await new Promise((r) => setTimeout(r, 2_000));
      reading = false;
      const readsUnderLoad = await reads;
      await server.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      phase1 = false;
      await before.done;

      // Phase 2: back up on the same database, more writes.
      await server.restart();
      let phase2 = true;
      const after = writers(server, 'after the restart', 30_000, () => phase2);
      await new Promise((r) => setTimeout(r, 1_000));
      phase2 = false;
      await after.done;

      const results = [...before.results, ...after.results];
      const accepted = results.filter((r) => r.status === 201);
      const unexpected = results.filter((r) => r.status !== 201 && r.status !== 'no answer');
      assert.ok(before.results.filter((r) => r.status === 201).length >= CLIENTS, 'writes before the kill');
      assert.ok(after.results.filter((r) => r.status === 201).length >= CLIENTS, 'writes after the restart');
      assert.ok(results.some((r) => r.status === 'no answer'), 'the kill should interrupt some requests');
      assert.deepEqual(unexpected, [], 'no comment should be refused');

      // Every read made while the writes went on was answered.
      assert.deepEqual(readsUnderLoad.failed, []);
      assert.ok(readsUnderLoad.ok >= 10, `reads answered under load: ${readsUnderLoad.ok}`);
      const stored = await server.admin('GET', '/api/v1/admin/comments?status=pending');
      const count = new Map();
      for (const item of stored) count.set(item.comment.text, (count.get(item.comment.text) ?? 0) + 1);
      for (const { text, id } of accepted) {
        assert.equal(count.get(text), 1, `"${text}" (id ${id}) should be stored exactly once`);
      }
      // Nothing is stored twice, including comments whose answer was lost.
      assert.deepEqual([...count].filter(([, n]) => n > 1), []);
      const ids = new Set(stored.map((item) => item.comment.id));
      for (const { id } of accepted) assert.ok(ids.has(id), `comment ${id} kept its id`);
      console.log(
        `durability: ${accepted.length} accepted, ${results.length - accepted.length} without answer, ` +
          `${stored.length} stored; ${readsUnderLoad.ok} reads answered under load, ` +
          `slowest ${Math.round(readsUnderLoad.slowest)} ms`,
      );
    } finally {
      await server.stop();
    }
  });
});
