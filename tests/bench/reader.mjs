// A new reader's browser tab for the page benchmarks: a cold cache over a
// throttled connection (150 ms latency, 1.6 Mbps down), optionally a
// slower CPU, counting every byte the network brings.

export const NETWORK = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

/** A fresh context and page; `bytes()` is what has arrived so far. */
export async function readerPage(browser, { cpu = 1 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  return { context, page, bytes: () => bytes };
}

/** Waits until `selector`'s text is `text` and every stylesheet is applied. */
export async function headingShown(page, selector, text) {
  await page.waitForFunction(
    ([s, t]) =>
      document.querySelector(s)?.textContent.trim() === t &&
      [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet),
    [selector, text],
    { polling: 'raf' },
  );
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
