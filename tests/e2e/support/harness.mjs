// Starts the real govblog server (built by `make test`) on a free port with
// a fresh SQLite file, and a headless Debian Chromium to drive it.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../../..');
export const ADMIN_TOKEN = 'e2e-moderator-token';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/**
 * A new, empty database on the tests' PostgreSQL server, as a URL for
 * DATABASE_URL. `make test` runs the browser tests inside
 * `scripts/postgres.sh run`, which starts that server.
 */
export function newPostgresDatabase() {
  const server = process.env.GOVBLOG_TEST_POSTGRES;
  if (!server) throw new Error('no PostgreSQL server: run this test through `bash scripts/postgres.sh run node --test ...`');
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [server, '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Stops or starts the tests' PostgreSQL server (`scripts/postgres.sh stop|start`). */
export function postgres(action) {
  execFileSync('bash', [join(root, 'scripts/postgres.sh'), action], { stdio: 'inherit' });
}

/**
 * Runs the server until `stop()`; `base` is its http://127.0.0.1:PORT.
 * `importWordPress`: an export to import (the server's own command) into
 * the new database before the server first starts.
 */
export async function startServer(env = {}, { importWordPress } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'govblog-e2e-'));
  const port = await freePort();
  const binary = process.env.GOVBLOG_SERVER ?? join(root, 'target/release/govblog-server');
  const base = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE: join(dir, 'govblog.db'),
    // The SQLite file above unless a test gives a PostgreSQL database.
    DATABASE_URL: '',
    GOVBLOG_DIST: join(root, 'dist'),
    GOVBLOG_CONTENT: join(root, 'content'),
    GOVBLOG_OUTBOX: join(dir, 'outbox'),
    GOVBLOG_UPLOADS: join(dir, 'uploads'),
    GOVBLOG_ADMIN_TOKEN: ADMIN_TOKEN,
    RUST_LOG: 'warn',
    ...env,
  };
  if (importWordPress) {
    execFileSync(binary, ['import-wordpress', importWordPress], { cwd: root, env: serverEnv, stdio: 'inherit' });
  }
  const launch = async () => {
    const proc = spawn(binary, ['serve'], {
      cwd: root,
      env: serverEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      try {
        if ((await fetch(`${base}/api/v1/site`)).ok) return proc;
      } catch {}
      if (Date.now() > deadline) throw new Error('server did not start in 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const exited = (proc) => new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
  let proc = await launch();
  return {
    base,
    dir,
    outbox: join(dir, 'outbox'),
    /** Runs one of the server's commands on the same database; its output. */
    command(...args) {
      return execFileSync(binary, args, { cwd: root, env: serverEnv, encoding: 'utf8' });
    },
    /** Calls the admin API with the moderators' token. */
    async admin(method, path) {
      const r = await fetch(base + path, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status}`);
      return r.json();
    },
    /** Kills the server with `signal` (no chance to clean up on SIGKILL) and waits for it to be gone. */
    async kill(signal) {
      proc.kill(signal);
      await exited(proc);
    },
    /** Starts the server again on the same address and database. */
    async restart() {
      proc = await launch();
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium; `args` adds to its command line. */
export function launchBrowser(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      ...args,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts the app on a page the server rendered, as a reader's first
 * interaction does (the app is not fetched on a first view), and waits
 * until it has taken over.
 */
export async function startApp(page) {
  const waiting = await page.evaluate(() => {
    const root = document.getElementById('govblog');
    if (!root || root.dataset.app === 'running') return false;
    dispatchEvent(new PointerEvent('pointermove', { pointerType: 'mouse' }));
    return true;
  });
  if (waiting) await page.locator('#govblog[data-app=running]').waitFor({ timeout: 30_000 });
}

/**
 * A new page that fails the test on any uncaught script error. Its `goto`
 * and `reload` start the app once the page has loaded, as a reader's first
 * interaction would (unless given `{ startApp: false }`, or the page has
 * no JavaScript).
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const scripted = options.javaScriptEnabled !== false;
  for (const name of ['goto', 'reload']) {
    const original = page[name].bind(page);
    page[name] = async (...args) => {
      const last = args.length && typeof args.at(-1) === 'object' ? args.pop() : {};
      const { startApp: start = true, ...rest } = last;
      const response = await original(...args, rest);
      if (start && scripted) await startApp(page);
      return response;
    };
  }
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  // Failed requests are reported with their address; the console's own
  // "Failed to load resource" line says less, so it is left out.
  page.on('response', (r) => {
    // A page's data carries the page's own status (404 for "Page not found"),
    // as the page itself does.
    const pageData = new URL(r.url()).pathname.endsWith('/api/v1/pages') && [400, 404].includes(r.status());
    if (r.status() >= 400 && !pageData) page.errors.push(new Error(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.errors.push(new Error(m.text()));
  });
  return page;
}

/**
 * For a `describe` block: starts the server (with `env`) and a browser
 * before its tests and stops both after. Use `blog.server`, `blog.browser`.
 */
export function useBlog(env = {}) {
  const blog = {};
  before(async () => {
    blog.server = await startServer(env);
    blog.browser = await launchBrowser();
  });
  after(async () => {
    await blog.browser?.close();
    await blog.server?.stop();
  });
  return blog;
}
