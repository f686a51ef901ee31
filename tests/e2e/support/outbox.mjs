// Reads the emails the server wrote to its outbox folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Undoes quoted-printable encoding, which long lines such as links get. */
function decode(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Every email in `dir`, oldest first, decoded. */
export function emails(dir) {
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .map((n) => join(dir, n))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((p) => decode(readFileSync(p, 'utf8')));
}

/** The first link in `email` whose path starts with `path`. */
export function link(email, path) {
  const m = email.match(new RegExp(`https?://[^\\s]+${path.replace(/[?]/g, '\\?')}[0-9a-f]+`));
  if (!m) throw new Error(`no ${path} link in:\n${email}`);
  return m[0];
}
