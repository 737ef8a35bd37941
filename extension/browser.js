//# allFunctionsCalledOnLoad
// The one browser shim. Firefox has promise-based `browser`; Chromium has `chrome` (promise-based in MV3).
// Checking `runtime` guards against a page element with id="browser" showing through as a global.
// Found on first use: in a page's script world the first touch of `chrome` builds the extension
// API's bindings there, which costs the page's main thread (up to about a millisecond, Chromium 156),
// and the page scripts need them only to send later news.
if (!Object.hasOwn(globalThis, 'rg')) {
  Object.defineProperty(globalThis, 'rg', {
    configurable: true,
    get() {
      const api = globalThis.browser?.runtime ? globalThis.browser : globalThis.chrome;
      Object.defineProperty(globalThis, 'rg', { value: api, configurable: true, writable: true });
      return api;
    },
  });
}
