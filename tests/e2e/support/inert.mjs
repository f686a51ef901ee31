// What a page must never contain once hostile content has gone through
// it: run in the page with `page.evaluate(unexpectedElements)`.

/**
 * What a page shows must contain nothing the payloads asked for: no script
 * element beyond the app's own, no event-handler attribute, no frame,
 * object, embed, base or meta refresh in the page body, no link or form
 * that runs script.
 */
export function unexpectedElements() {
  const found = [];
  const scheme = (url) => (url ?? '').replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
  for (const el of document.querySelectorAll('*')) {
    for (const { name } of el.attributes) if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
    for (const attr of ['href', 'src', 'action', 'data', 'formaction', 'srcdoc']) {
      const v = scheme(el.getAttribute(attr));
      if (v.startsWith('javascript:') || v.startsWith('data:text') || (attr === 'srcdoc' && v)) {
        found.push(`${el.tagName} ${attr}=${el.getAttribute(attr)}`);
      }
    }
  }
  // The body's one script is the page's data, as JSON, which must still parse.
  for (const el of document.body.querySelectorAll('script, iframe, object, embed, base, meta, style, math')) {
    if (el.matches('script#govblog-data[type="application/json"]')) JSON.parse(el.textContent);
    else found.push(el.outerHTML.slice(0, 80));
  }
  // The head's: the app's loader, and a post's JSON-LD, which must be JSON
  // with no markup in it.
  for (const el of document.head.querySelectorAll('script')) {
    if (el.type === 'application/ld+json') {
      JSON.parse(el.textContent);
      if (el.innerHTML.includes('<')) found.push(el.outerHTML.slice(0, 80));
    } else if (el.type !== 'module') found.push(el.outerHTML.slice(0, 80));
  }
  return found;
}

