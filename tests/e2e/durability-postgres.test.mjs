// Several servers on one PostgreSQL database, as a blog runs behind a load
// balancer. 50 clients post comments through two servers while readers read;
// one server is killed with SIGKILL mid-run and restarted, and the other must
// keep answering reads and writes throughout. Every comment answered
// "201 Created" is stored exactly once. Then PostgreSQL itself goes away:
// requests are answered 503 with a JSON error, nothing is half-stored, and
// the servers recover by themselves once it is back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newPostgresDatabase, postgres, startServer } from './support/harness.mjs';
import { CLIENTS, POST, reader, storedOnce, writers } from './support/load.mjs';

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

describe('two servers on one PostgreSQL database', { timeout: 180_000 }, () => {
  test('comments acknowledged by either server survive one being killed; the other keeps serving', async () => {
    const env = { GOVBLOG_TRUST_PROXY: 'true', DATABASE_URL: newPostgresDatabase() };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      let phase1 = true;
      let reading = true;
      const before = writers([a, b], 'before the kill', 0, () => phase1);
      const readsA = reader(a.base, () => reading);
      const readsB = reader(b.base, () => reading);
      await pause(2_000);
      // A dies mid-write; B goes on answering reads and writes.
      await a.kill('SIGKILL');
      const readsOnBWhileADown = reader(b.base, () => phase1);
      await pause(1_500);
      phase1 = false;
      reading = false;
      await before.done;
      const [underLoadA, underLoadB, whileADown] = [await readsA, await readsB, await readsOnBWhileADown];

      await a.restart();
      let phase2 = true;
      const after = writers([a, b], 'after the restart', 30_000, () => phase2);
      await pause(1_000);
      phase2 = false;
      await after.done;

      const results = [...before.results, ...after.results];
      const accepted = results.filter((r) => r.status === 201);
      const unexpected = results.filter((r) => r.status !== 201 && r.status !== 'no answer');
      assert.deepEqual(unexpected, [], 'no comment should be refused');
      assert.ok(results.some((r) => r.status === 'no answer' && r.server === a.base), 'the kill interrupts A');
      // B answered every comment sent to it, before, during and after the kill.
      assert.deepEqual(results.filter((r) => r.server === b.base && r.status !== 201), []);
      assert.ok(before.results.filter((r) => r.server === b.base && r.status === 201).length >= CLIENTS);
      assert.ok(after.results.filter((r) => r.server === a.base && r.status === 201).length >= CLIENTS / 2, 'A is back');
      assert.deepEqual(underLoadB.failed, []);
      assert.deepEqual(whileADown.failed, [], 'B kept answering reads while A was down');
      assert.ok(whileADown.ok >= 3, `reads answered by B while A was down: ${whileADown.ok}`);
      const stored = await storedOnce(b, accepted);
      console.log(
        `durability on PostgreSQL, two servers: ${accepted.length} accepted, ` +
          `${results.length - accepted.length} without answer, ${stored.length} stored; ` +
          `reads under load ${underLoadA.ok} (A) ${underLoadB.ok} (B), ${whileADown.ok} on B while A was down, ` +
          `slowest ${Math.round(Math.max(underLoadB.slowest, whileADown.slowest))} ms`,
      );
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test('while PostgreSQL is away: 503 JSON errors, nothing half-stored, and back by itself', async () => {
    const env = { GOVBLOG_TRUST_PROXY: 'true', DATABASE_URL: newPostgresDatabase() };
    const server = await startServer(env);
    const comment = (text, ip) =>
      fetch(server.base + POST + '/comments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ name: 'Reader', email: 'reader@example.com', text }),
      });
    try {
      assert.equal((await comment('Before the outage.', '10.90.0.1')).status, 201);
      postgres('stop');
      let restarted = false;
      try {
        await pause(1_200); // past the one second answers are kept in memory
        for (const path of ['/api/v1/posts', POST, '/api/v1/pages?path=/']) {
          const r = await fetch(server.base + path);
          assert.equal(r.status, 503, path);
          assert.equal(r.headers.get('retry-after'), '5');
          const body = await r.json();
          assert.equal(body.error.code, 'unavailable', path);
        }
        const r = await comment('During the outage.', '10.90.0.2');
        assert.equal(r.status, 503);
        assert.equal((await r.json()).error.code, 'unavailable');
        const page = await fetch(server.base + '/');
        assert.equal(page.status, 503, 'pages too');
        // The load balancer's readiness check says so; liveness stays up.
        const ready = await fetch(server.base + '/readyz');
        assert.equal(ready.status, 503);
        assert.equal((await ready.json()).status, 'unavailable');
        assert.equal((await fetch(server.base + '/healthz')).status, 200);
        postgres('start');
        restarted = true;
      } finally {
        if (!restarted) postgres('start');
      }
      // Back by itself, within a few seconds.
      const back = Date.now();
      for (;;) {
        const r = await fetch(server.base + '/api/v1/posts?per_page=3').catch(() => null);
        if (r?.status === 200) break;
        assert.ok(Date.now() - back < 10_000, 'not back within 10 s of PostgreSQL');
        await pause(200);
      }
      console.log(`PostgreSQL back: the server answered again after ${Date.now() - back} ms`);
      assert.equal((await fetch(server.base + '/readyz')).status, 200, 'ready again');
      assert.equal((await comment('After the outage.', '10.90.0.3')).status, 201);
      const stored = await server.admin('GET', '/api/v1/admin/comments?status=pending');
      assert.deepEqual(stored.map((i) => i.comment.text).sort(), ['After the outage.', 'Before the outage.']);
    } finally {
      await server.stop();
    }
  });
});
