// A second site, on its own origin, that embeds govblog under /blog/ the
// way the README tells site owners to.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../../../dist');

/** Serves the host page for every path under /blog/; `blog` is govblog's origin. */
export function startHost(port, blog) {
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const styles = [...index.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
  const script = index.match(/<script type="module">([\s\S]*?)<\/script>/)[1].replaceAll("'/govblog-", `'${blog}/govblog-`);
  const page = `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>Host department</title>
  ${styles.map((href) => `<link rel="stylesheet" href="${blog}${href}" crossorigin="anonymous">`).join('\n  ')}
</head>
<body class="govuk-template__body">
  <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
  <header class="govuk-width-container">
    <p class="govuk-body" id="host-banner">This page belongs to the host site. <a class="govuk-link" href="/">Host home</a></p>
  </header>
  <div id="govblog" data-api-base="${blog}/api/v1/" data-base-path="/blog/"></div>
  <footer class="govuk-footer"><div class="govuk-width-container">Host department footer</div></footer>
  <script type="module">${script}</script>
</body>
</html>`;
  const server = createServer((req, res) => {
    if (req.url.startsWith('/blog')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}
