//# allFunctionsCalledOnLoad
// The one browser shim. Firefox has promise-based `browser`; Chromium has `chrome` (promise-based in MV3).
// Checking `runtime` guards against a page element with id="browser" showing through as a global.
globalThis.rg = globalThis.browser?.runtime ? globalThis.browser : globalThis.chrome;
