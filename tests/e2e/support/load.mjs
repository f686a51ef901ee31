// Load for the durability tests: many commenters writing at once, readers
// reading, and the check that what was acknowledged is stored exactly once.
import assert from 'node:assert/strict';

export const POST = '/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times';
export const CLIENTS = 50;

// Flood control stays on with its defaults (one comment per address every
// 15 s, 20 an hour). The server trusts X-Forwarded-For as it would behind a
// proxy, and each comment comes from its own address, so every client counts
// as a distinct reader rather than one address flooding the blog.
const address = (client, n) => `10.${client}.${n >> 8}.${n & 255}`;

export async function postComment(base, phase, client, n) {
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
 * Given several servers, each comment goes to the next one in turn.
 */
export function writers(servers, phase, firstN, running) {
  const all = [servers].flat();
  const results = [];
  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = firstN; running(); n++) {
      const server = all[(client + n) % all.length];
      results.push({ ...(await postComment(server.base, phase, client, n)), server: server.base });
      if (results.at(-1).status === 'no answer') await new Promise((r) => setTimeout(r, 50));
    }
  });
  return { results, done: Promise.all(clients) };
}

/** Reads the post and the home list until `running()` is false; counts answers. */
export async function reader(base, running) {
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

/**
 * The comments stored (all pending), after checking that every comment in
 * `accepted` (answered 201) is stored exactly once with its id, and that
 * nothing is stored twice, including comments whose answer was lost.
 */
export async function storedOnce(server, accepted) {
  const stored = await server.admin('GET', '/api/v1/admin/comments?status=pending');
  const count = new Map();
  for (const item of stored) count.set(item.comment.text, (count.get(item.comment.text) ?? 0) + 1);
  for (const { text, id } of accepted) {
    assert.equal(count.get(text), 1, `"${text}" (id ${id}) should be stored exactly once`);
  }
  assert.deepEqual([...count].filter(([, n]) => n > 1), []);
  const ids = new Set(stored.map((item) => item.comment.id));
  for (const { id } of accepted) assert.ok(ids.has(id), `comment ${id} kept its id`);
  return stored;
}
