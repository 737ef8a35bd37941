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
      // An attempt that never answers (a worker or page that stopped responding) must not hold
      // the test: it fails, named, like any other wait. A slow attempt still counts: it gets until
      // one more `timeout` after the deadline.
      last = await answerBy(fn(), deadline + timeout, what);
      lastError = undefined;
      if (accept(last)) return last;
    } catch (e) {
      if (e instanceof NoAnswer) throw e;
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last error: ${lastError.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; ${seen}`);
    }
    await delay(interval);
  }
}

class NoAnswer extends Error {}

/** `promise`, or a `NoAnswer` error once `deadline` (a `Date.now()` time) has passed without it. */
function answerBy(promise, deadline, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new NoAnswer(`no answer while waiting for ${what}: the last attempt never returned`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
