//! Shrinking the generated wasm with `wasm-opt` from npm `binaryen` (`xtask/tools`), then checking
//! that the result still starts.
//!
//! - Debian's `binaryen` (wasm-opt 108) silently breaks rustc 1.95 output (ARCHITECTURE.md §6), so
//!   the npm build (132) is used, pinned in `xtask/tools/package-lock.json`.
//! - rustc 1.95 emits bulk-memory, non-trapping float-to-int, sign-extension and mutable-global
//!   instructions: wasm-opt must be told, or it rejects the module.
//! - `-Oz` alone makes the module smaller but its gzip *larger* (measured on this core, `gzip -9`:
//!   2.49 → 2.37 MB raw, 953 → 970 KB gzip): inlining duplicates code that gzip had compressed
//!   well. With inlining turned off (`-aimfs 0 -ocimfs 0 -fimfs 0`) the gzip shrinks too (→ 945 KB),
//!   and gzip is what the download and the size budget count. Measured again once zxcvbn lost its
//!   regex crates (vendor/zxcvbn): `-Oz` 586 KB gzip, without inlining 576 KB.

use crate::{sh, tools, Result};
use std::fs;
use std::path::Path;

/// The features rustc 1.95's wasm32 output uses (ARCHITECTURE.md §2).
const FEATURES: [&str; 4] =
    ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];
/// Size first, without the inlining that costs more gzip than it saves (see the module docs).
const PASSES: [&str; 7] = ["-Oz", "-aimfs", "0", "-ocimfs", "0", "-fimfs", "0"];

/// Optimises `pkg/<name>_bg.wasm` in place and checks the bindings still load it and answer.
/// On failure the module is removed, so the next `dist` generates and optimises it again.
pub fn optimise(pkg: &Path, name: &str) -> Result {
    let wasm = pkg.join(format!("{name}_bg.wasm"));
    let result = run(pkg, name, &wasm);
    if result.is_err() {
        let _ = fs::remove_file(&wasm);
    }
    result
}

fn run(pkg: &Path, name: &str, wasm: &Path) -> Result {
    let wasm_opt = tools::node_modules()?.join(".bin/wasm-opt");
    sh::step("wasm-opt -Oz (npm binaryen)");
    let optimised = wasm.with_extension("opt.wasm");
    let before = fs::metadata(wasm)?.len();
    sh::run(
        sh::cmd(wasm_opt.to_str().ok_or("a non-UTF-8 path")?)
            .args(FEATURES)
            .args(PASSES)
            .arg(wasm)
            .arg("-o")
            .arg(&optimised),
    )?;
    fs::rename(&optimised, wasm)?;
    eprintln!("wasm-opt: {before} → {} bytes", fs::metadata(wasm)?.len());
    smoke_test(pkg, name)
}

/// Instantiates the optimised module with its bindings under node and calls the core once: a broken
/// optimiser fails here, at build time (Debian's wasm-opt made `init` throw in the browser).
fn smoke_test(pkg: &Path, name: &str) -> Result {
    let script = format!(
        "import fs from 'node:fs';\
         import {{ initSync, checkUrl, strength }} from './{name}.js';\
         initSync({{ module: fs.readFileSync('./{name}_bg.wasm') }});\
         const v = checkUrl('http://access.login.nhs.uk/', {{}});\
         if (!v.portal || strength('correct horse', []).score === undefined) throw new Error('unexpected answer');"
    );
    sh::run(sh::cmd("node").args(["--input-type=module", "-e", &script]).current_dir(pkg))
        .map_err(|e| format!("the optimised wasm does not load or answer: {e}").into())
}
