//! Installing what the tasks need on a fresh Debian machine, or saying clearly what is missing.

use crate::{root, sh, Result};
use std::path::{Path, PathBuf};

/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's ChromeDriver (for wasm-bindgen-test).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether this task runs as root (and so may `apt-get install`).
pub fn is_root() -> bool {
    sh::output(sh::cmd("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// `apt-get install` as root; otherwise an error naming the packages to install.
pub fn apt_install(packages: &[&str]) -> Result {
    if !is_root() {
        return Err(
            format!("missing Debian packages; install them with: sudo apt-get install {}", packages.join(" ")).into()
        );
    }
    sh::step(&format!("apt-get install {}", packages.join(" ")));
    sh::run(sh::cmd("apt-get").args(["update", "-q"]))?;
    sh::run(
        sh::cmd("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The `wasm32-unknown-unknown` target for the toolchain in use.
pub fn wasm_target(target: &str) -> Result {
    let installed = sh::output(sh::cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    sh::step(&format!("rustup target add {target}"));
    sh::run(sh::cmd("rustup").args(["target", "add", target]))
}

/// Debian's Chromium and ChromeDriver (and openssl, which the e2e server uses for its certificate).
pub fn chromium() -> Result {
    let missing: Vec<&str> =
        [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver"), ("/usr/bin/openssl", "openssl")]
            .into_iter()
            .filter(|(path, _)| !Path::new(path).exists())
            .map(|(_, package)| package)
            .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        apt_install(&missing)
    }
}

/// `npm ci` in `tests/e2e` when its packages are missing or older than the lock file.
pub fn npm_packages() -> Result {
    npm_ci("tests/e2e")
}

/// `npm ci` in `dir` (relative to the repository) when its packages are missing or older than
/// its lock file.
pub fn npm_ci(dir: &str) -> Result {
    if sh::output(sh::cmd("node").arg("--version")).is_none() || sh::output(sh::cmd("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let folder = root().join(dir);
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(folder.join("package-lock.json"));
    let installed = modified(folder.join("node_modules/.package-lock.json"));
    if installed.is_some() && installed >= lock {
        return Ok(());
    }
    sh::step(&format!("npm ci ({dir})"));
    sh::run(sh::cmd("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(folder))
}

/// The version of a package in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    let version = lock[start..].split('"').next().unwrap_or_default();
    Ok(version.to_string())
}

/// `wasm-bindgen-test-runner` of exactly the wasm-bindgen version in Cargo.lock, installed with
/// `cargo install` when missing (it is not a library, so it cannot come in through the xtask).
pub fn wasm_test_runner() -> Result<PathBuf> {
    let version = locked_version("wasm-bindgen")?;
    let runner = cargo_bin()?.join("wasm-bindgen-test-runner");
    let current = sh::output(sh::cmd(runner.to_str().unwrap_or_default()).arg("--version")).unwrap_or_default();
    if current.split_whitespace().last() != Some(version.as_str()) {
        sh::step(&format!("cargo install wasm-bindgen-cli --version ={version} (for wasm-bindgen-test-runner)"));
        sh::run(sh::cargo().args(["install", "wasm-bindgen-cli", "--force", "--version", &format!("={version}")]))?;
    }
    Ok(runner)
}

/// The folder `cargo install` puts programs in (`$CARGO_HOME/bin`, else `~/.cargo/bin`).
pub fn cargo_bin() -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    Ok(cargo_home.join("bin"))
}
