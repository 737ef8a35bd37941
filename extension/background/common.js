// Small helpers shared by the service worker's modules.

export const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);

export const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `https://host[:port]` of a web URL, or null. */
export function originOf(url) {
  if (!isWebUrl(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * A function that runs jobs one after another (for read-modify-write of one storage key shared
 * by several tabs). Errors are logged and do not stop later jobs.
 */
export function serially(what) {
  let last = Promise.resolve();
  return (job) => {
    const run = last.then(job);
    last = run.catch((error) => console.error(`Records Guard: ${what} failed`, error));
    return run;
  };
}

/** `storage.session` key of a tab's findings (the contract in README). */
export const findingsKey = (tabId) => `findings:${tabId}`;

/** The tab's stored verdict, or null. */
export async function storedVerdict(tabId) {
  const key = findingsKey(tabId);
  const { [key]: verdict } = await globalThis.rg.storage.session.get(key);
  return isPlainObject(verdict) ? verdict : null;
}

// ---- per-tab work runs in arrival order, so a URL check never overwrites a later page check

const queues = new Map();

/** Run `job` after the tab's earlier jobs; errors are logged. Returns the job's promise. */
export function enqueue(tabId, job) {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(job).catch((error) => {
    console.error('Records Guard: work failed for tab', tabId, error);
  });
  queues.set(tabId, run);
  run.then(() => queues.get(tabId) === run && queues.delete(tabId));
  return run;
}
