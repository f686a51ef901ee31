// `make bench`, size part: every file of the release SPA in dist/, raw,
// gzip and brotli (what the server sends), and the budget for the wasm and
// JavaScript a reader downloads before a post page is interactive.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = resolve(import.meta.dirname, '../../dist');
const BUDGET = 150 * 1024; // wasm + JS, brotli

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const files = readdirSync(dist)
  .filter((f) => /\.(wasm|js|css)$/.test(f))
  .map((name) => ({ name, ...sizes(readFileSync(join(dist, name))) }));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);

console.log('Release SPA files in dist/ (every chunk; brotli is what browsers that ask for it get)');
console.log(`  ${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const f of files) console.log(`  ${f.name.padEnd(44)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}`);

const code = files.filter((f) => /\.(wasm|js)$/.test(f.name));
const total = (key, list) => list.reduce((n, f) => n + f[key], 0);
const codeBrotli = total('brotli', code);
console.log(`  ${'wasm + JS (needed before the page is interactive)'.padEnd(44)} ${kb(total('raw', code))} ${kb(total('gzip', code))} ${kb(codeBrotli)}`);
console.log(
  `  budget: wasm + JS <= ${kb(BUDGET).trim()} brotli: ${(codeBrotli / BUDGET).toFixed(2)}x of budget, ` +
    (codeBrotli <= BUDGET ? 'holds' : `OVER by ${kb(codeBrotli - BUDGET).trim()}`),
);
