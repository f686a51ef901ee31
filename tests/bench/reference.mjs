// The GOV.UK Blogs WordPress theme's own pages (`../shared/reference/
// govuk-blogs-theme/`, as WordPress served them, every file included),
// served from a local static server with gzip on for text, as the theme's
// real host serves them (nginx with `gzip on`): the reference govblog is
// measured against, in the same run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const REFERENCE = resolve(
  process.env.GOVBLOG_REFERENCE ?? resolve(import.meta.dirname, '../../../shared/reference/govuk-blogs-theme'),
);
export const THEME_POST = '/2014/10/17/sir-jeremy-heywood-on-open-policy-making/';
export const THEME_TITLE = 'Sir Jeremy Heywood on open policy making';
/** The first post's title on the theme's home page. */
export const THEME_HOME_FIRST = 'Behavioural insights and open policy';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};
const COMPRESSED = new Set(['.html', '.css', '.js', '.svg', '.json', '.xml']);

/** Serves the reference folder (or `folder`); `null` when it is not there. */
export async function serveReference(folder = REFERENCE) {
  if (!existsSync(folder)) return null;
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let file = join(folder, path);
    if (!file.startsWith(folder) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const ext = extname(file);
    let body = readFileSync(file);
    const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' };
    if (COMPRESSED.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body, { level: 6 });
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((ok) => server.close(ok)) };
}
