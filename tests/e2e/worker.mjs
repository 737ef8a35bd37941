// Stopping the extension's service worker the way Chromium does when it idles, and finding it again
// once an event has woken it. Used by specs/robustness.test.mjs and bench/bench.mjs.
//
// The worker is stopped by closing its DevTools target (`Target.closeTarget` on a browser-level
// CDP session), which ends the worker: its globals are gone and the next event starts it afresh.
// Never evaluate in the worker while it is stopped: Playwright's handle for it then fails, and
// may take the browser context with it. Wake it first (open or navigate a tab, send a message),
// then call `runningWorker`.

import { currentWorker, delay, poll } from './harness.mjs';

const sessions = new WeakMap();

// How long a worker may take to go (stopped, or replaced by an update). It usually goes within
// 0.1 s; one busy in a task is ended by Chromium only after about 2 s here (measured with a 12 s
// loop), and a loaded CI machine once kept an updated one past 5 s, these waits' old limit. The
// waits return as soon as it has gone.
const WORKER_GONE_MS = 30_000;

/** A browser-level CDP session for `context` (one per context). */
export async function browserSession(context) {
  let session = sessions.get(context);
  if (!session) {
    session = context.browser().newBrowserCDPSession();
    sessions.set(context, session);
  }
  return session;
}

/** The extension's service worker targets (none while it is stopped). */
export async function workerTargets(context, extensionId) {
  const cdp = await browserSession(context);
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
  return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
}

/**
 * Stops the extension's service worker and waits until it is gone. An event still on its way (a
 * tab finishing loading) can start it again at once, so it is closed again until it stays gone.
 */
export async function stopWorker(context, extensionId) {
  const cdp = await browserSession(context);
  const closeAll = async () => {
    const targets = await workerTargets(context, extensionId);
    for (const target of targets) {
      await cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
    }
    return targets.length === 0 ? workerTargets(context, extensionId) : targets;
  };
  await poll(closeAll, (list) => list.length === 0, { timeout: WORKER_GONE_MS, what: 'the service worker to stop', interval: 100 });
}

/**
 * Updates the extension as the tests do (`runtime.reload()`, which is what an update does) and
 * waits until its old worker has gone. The new one may be running already (Chromium 148 starts it
 * at once), or start with the next event (Chromium 156): `runningWorker` finds it either way.
 */
export async function reloadExtension(context, extensionId, sw) {
  const old = new Set((await workerTargets(context, extensionId)).map((target) => target.targetId));
  await sw.evaluate(() => setTimeout(() => globalThis.chrome.runtime.reload(), 0));
  await poll(() => workerTargets(context, extensionId), (list) => list.every((target) => !old.has(target.targetId)), {
    timeout: WORKER_GONE_MS,
    what: 'the old worker to go',
  });
}

/**
 * The running worker, once something has woken it: waits for its target, then for a Playwright
 * handle that answers.
 * @returns {Promise<import('playwright-core').Worker>}
 */
export async function runningWorker(context, extensionId, timeout = 10_000) {
  await poll(() => workerTargets(context, extensionId), (list) => list.length > 0, { timeout, what: 'the service worker to start' });
  return poll(
    async () => {
      const worker = currentWorker(context, extensionId);
      if (!worker) return null;
      const alive = await Promise.race([worker.evaluate(() => true), delay(2_000).then(() => false)]);
      return alive ? worker : null;
    },
    (worker) => worker !== null,
    { timeout, what: 'a handle on the restarted service worker' },
  );
}
