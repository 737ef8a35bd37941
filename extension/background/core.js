// The Rust core (wasm), started lazily: the worker cannot import() or await at top level, so the
// bindings are imported statically and initialised on the first event that needs them.
import init from '../pkg/records_guard.js';

let ready;

/** Resolves once the core can be called; a failed start is retried on the next call. */
export function core() {
  ready ??= init({ module_or_path: globalThis.rg.runtime.getURL('pkg/records_guard_bg.wasm') }).catch(
    (error) => {
      ready = undefined;
      throw error;
    },
  );
  return ready;
}
