//! The Firefox half of `cargo xtask test`: Debian's `firefox-esr`, geckodriver built from
//! crates.io, `npm ci` in `tests/firefox`, `web-ext lint` on `dist/firefox/`, then the end-to-end
//! suite with the shipped zip installed as a temporary add-on.

use crate::{root, setup, sh, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Debian's Firefox ESR.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// The geckodriver built with `cargo install` (Debian has none). Pinned, so every machine builds
/// the same one from its own Cargo.lock (`--locked`); ~2 minutes on 2 cores, then kept in
/// `~/.cargo/bin`.
const GECKODRIVER_VERSION: &str = "0.37.1";
/// The suite's folder, relative to the repository.
const SUITE: &str = "tests/firefox";

/// Debian's `firefox-esr`: present, or installed as root. `None` when it is missing and this task
/// may not install it (not root): the Firefox half is then skipped with a note.
fn firefox() -> Result<Option<PathBuf>> {
    if !Path::new(FIREFOX).exists() {
        if !setup::is_root() {
            return Ok(None);
        }
        let started = Instant::now();
        setup::apt_install(&["firefox-esr"])?;
        eprintln!("installed firefox-esr in {:.0?}", started.elapsed());
    }
    Ok(Some(PathBuf::from(FIREFOX)))
}

/// geckodriver of exactly `GECKODRIVER_VERSION`, built with `cargo install` when missing: first
/// with its own lock file (`--locked`), and if that fails, with today's compatible dependencies.
fn geckodriver() -> Result<PathBuf> {
    let driver = setup::cargo_bin()?.join("geckodriver");
    let current = sh::output(sh::cmd(driver.to_str().unwrap_or_default()).arg("--version")).unwrap_or_default();
    if current.lines().next().and_then(|line| line.split_whitespace().nth(1)) == Some(GECKODRIVER_VERSION) {
        return Ok(driver);
    }
    let version = format!("={GECKODRIVER_VERSION}");
    let install = |locked: bool| {
        sh::step(&format!("cargo install geckodriver --version {version}{}", if locked { " --locked" } else { "" }));
        let mut command = sh::cargo();
        command.args(["install", "geckodriver", "--force", "--version", &version]);
        if locked {
            command.arg("--locked");
        }
        sh::run(&mut command)
    };
    let started = Instant::now();
    install(true).or_else(|error| {
        eprintln!("cargo install --locked failed ({error}); trying without --locked");
        install(false)
    })?;
    eprintln!("built geckodriver in {:.0?}", started.elapsed());
    Ok(driver)
}

/// `web-ext lint` on `dist/firefox/`, then the Firefox end-to-end suite. Needs `cargo xtask dist`
/// first.
pub fn test() -> Result {
    let root = root();
    let Some(firefox) = firefox()? else {
        eprintln!(
            "\n==> SKIPPED the Firefox suite: {FIREFOX} is missing (install it with: sudo apt-get install firefox-esr)"
        );
        return Ok(());
    };
    let geckodriver = geckodriver()?;
    setup::npm_ci(SUITE)?;
    let suite = root.join(SUITE);
    sh::step("web-ext lint (dist/firefox)");
    sh::run(
        sh::cmd(&suite.join("node_modules/.bin/web-ext").to_string_lossy())
            .args(["lint", "--warnings-as-errors", "--source-dir"])
            .arg(root.join("dist/firefox"))
            .current_dir(&suite),
    )?;
    sh::step("end-to-end suite in Firefox ESR");
    sh::run(
        sh::cmd("node")
            .args(["--test", "specs/"])
            .current_dir(&suite)
            .env("RG_FIREFOX", firefox)
            .env("RG_GECKODRIVER", geckodriver)
            .env("RG_FIREFOX_ADDON", root.join("dist/records-guard-firefox.zip")),
    )
}
