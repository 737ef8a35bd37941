//! Project tasks: `cargo xtask dist | run | test | bench | fuzz`. Each works on a fresh Debian
//! machine: what is missing (the wasm target, Chromium, npm packages, the wasm test runner) is
//! installed first.

mod bench;
mod dist;
mod firefox;
mod fuzz;
mod setup;
mod sh;
mod tools;
mod wasm_opt;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Errors are reported to the person running the task, then the task fails.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dist   build the extension: dist/chromium/, dist/firefox/ and a zip of each
  run    dist, then open Chromium with the extension on a local demo portal
  test   fmt, clippy, native tests, wasm tests in Chromium, then the end-to-end suite in
         Chromium, web-ext lint and the end-to-end suite in Firefox ESR
  bench  [--quick] measure speed and size against the budgets; writes target/bench.json
  fuzz   [seconds] run each cargo-fuzz target in fuzz/ for that long (default 60)";

/// The repository's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist::dist().map(|_| ()),
        Some("run") => run(),
        Some("test") => test(),
        Some("bench") => bench::bench(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result {
    dist::dist()?;
    setup::chromium()?;
    setup::npm_packages()?;
    sh::run(sh::cmd("node").arg("demo.mjs").current_dir(root().join("tests/e2e")))
}

fn test() -> Result {
    let root = root();
    sh::step("cargo fmt --check");
    sh::run(sh::cargo().args(["fmt", "--all", "--check"]))?;
    sh::step("cargo clippy");
    sh::run(sh::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    // The wasm boundary and its tests compile only for wasm32.
    setup::wasm_target(dist::WASM_TARGET)?;
    sh::run(
        sh::cargo()
            .args(["clippy", "-p", "records-guard", "--all-targets", "--target", dist::WASM_TARGET])
            .args(["--", "-D", "warnings"]),
    )?;
    sh::step("cargo test (native)");
    sh::run(sh::cargo().args(["test", "--workspace"]))?;
    sh::step(
        "cargo test (vendor/zxcvbn: its own tests, and its by-hand matchers against the expressions they replace)",
    );
    sh::run(
        sh::cargo()
            .args(["test", "--manifest-path", "vendor/zxcvbn/Cargo.toml", "--target-dir", "target/zxcvbn"])
            .current_dir(&root),
    )?;
    dist::dist()?;
    setup::chromium()?;
    sh::step("wasm-bindgen-test in headless Chromium");
    let runner = setup::wasm_test_runner()?;
    sh::run(
        sh::cargo()
            .args(["test", "-p", "records-guard", "--target", dist::WASM_TARGET, "--test", "wasm"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
            .env("CHROMEDRIVER", setup::CHROMEDRIVER),
    )?;
    setup::npm_packages()?;
    sh::step("end-to-end suite in Chromium");
    sh::run(
        sh::cmd("node")
            // A test that hangs fails with its name after 10 minutes, instead of holding the run.
            .args(["--test", "--test-concurrency=2", "--test-timeout=600000", "specs/"])
            .current_dir(root.join("tests/e2e"))
            .env("RG_DIST", root.join("dist/chromium")),
    )?;
    firefox::test()
}
