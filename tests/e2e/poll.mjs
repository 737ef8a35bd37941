// Waiting without sleeping longer than needed: shared by the Chromium (harness.mjs) and Firefox
// (tests/firefox/harness.mjs) suites.

/** How long a test waits for the extension's findings by default. */
export const FINDINGS_TIMEOUT_MS = 5_000;

/** Resolve after `ms` milliseconds. */
export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call `fn` until it returns a value accepted by `accept`, or throw after `timeout` ms.
 * Errors thrown by `fn` count as "not yet" (e.g. a page still navigating).
 * @template T
 * @param {() => Promise<T>} fn
 * @param {(value: T) => boolean} accept
 * @param {{ timeout?: number, interval?: number, what?: string }} [options]
 * @returns {Promise<T>}
 */
export async function poll(fn, accept, { timeout = FINDINGS_TIMEOUT_MS, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last error: ${lastError.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; ${seen}`);
    }
    await delay(interval);
  }
}
