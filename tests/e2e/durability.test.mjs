// Durability under load: 50 clients post comments while readers keep
// reading; the server is killed with SIGKILL mid-run and restarted. Every
// comment that was answered "201 Created" must be stored exactly once, and
// reads must keep being answered while the writes go on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startServer } from './support/harness.mjs';
import { CLIENTS, reader, storedOnce, writers } from './support/load.mjs';

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
      const stored = await storedOnce(server, accepted);
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
