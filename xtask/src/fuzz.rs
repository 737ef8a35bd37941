//! `cargo xtask fuzz [seconds]`: every cargo-fuzz target in `fuzz/` for a set time each (default
//! 60 s), with AddressSanitizer. Not part of `test` or CI: it explores, and a crash it finds becomes
//! a case in `tests/properties.rs` or the unit tests once fixed.
//!
//! cargo-fuzz passes nightly-only flags (`-Zsanitizer=address`); on a stable toolchain
//! `RUSTC_BOOTSTRAP=1` lets rustc accept them. `cargo install cargo-fuzz` when it is missing.

use crate::{root, sh, Result};
use std::fs;
use std::path::Path;

/// The targets in `fuzz/fuzz_targets/`.
const TARGETS: [&str; 3] = ["url", "snapshot", "snapshot_json"];
const DEFAULT_SECONDS: u64 = 60;

/// Runs each target for `args[0]` seconds (default 60).
pub fn fuzz(args: &[String]) -> Result {
    let seconds = match args.first() {
        None => DEFAULT_SECONDS,
        Some(text) => {
            text.parse().map_err(|_| format!("usage: cargo xtask fuzz [seconds per target], not {text:?}"))?
        }
    };
    let root = root();
    let fuzz = root.join("fuzz");
    if sh::output(sh::cargo().args(["fuzz", "--version"])).is_none() {
        sh::step("cargo install cargo-fuzz");
        sh::run(sh::cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    seed_snapshots(&root.join("tests/cases"), &fuzz.join("corpus/snapshot_json"))?;
    let mut crashed = Vec::new();
    for target in TARGETS {
        sh::step(&format!("cargo fuzz run {target} for {seconds} s"));
        let corpus = fuzz.join("corpus").join(target);
        fs::create_dir_all(&corpus)?;
        let status = sh::run(
            sh::cargo()
                .args(["fuzz", "run", "--release", target])
                .arg(&corpus)
                .args(["--", &format!("-max_total_time={seconds}"), "-rss_limit_mb=2048", "-timeout=10"])
                .args((target == "snapshot_json").then_some("-max_len=65536"))
                .env("RUSTC_BOOTSTRAP", "1")
                .current_dir(&fuzz),
        );
        if let Err(error) = status {
            eprintln!("xtask: {target}: {error}");
            crashed.push(target);
        }
    }
    if crashed.is_empty() {
        eprintln!("fuzz: no crash in {} targets × {seconds} s", TARGETS.len());
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {} (inputs in fuzz/artifacts/<target>/)", crashed.join(", ")).into())
    }
}

/// Starts the JSON target from the shared cases' snapshots (`tests/cases/*/snapshot.json`).
fn seed_snapshots(cases: &Path, corpus: &Path) -> Result {
    fs::create_dir_all(corpus)?;
    for case in fs::read_dir(cases)? {
        let case = case?.path();
        let snapshot = case.join("snapshot.json");
        if snapshot.is_file() {
            let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case");
            fs::copy(&snapshot, corpus.join(format!("case-{name}.json")))?;
        }
    }
    Ok(())
}
